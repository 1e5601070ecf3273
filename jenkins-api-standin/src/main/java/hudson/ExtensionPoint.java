package hudson;

/** STAND-IN for jenkins-core's marker interface {@code hudson.ExtensionPoint}. */
public interface ExtensionPoint {}
