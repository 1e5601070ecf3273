package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import java.io.Serializable;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.TaskListener}. Core declares
 * {@code TaskListener extends org.jenkinsci.remoting.SerializableOnlyOverRemoting} (which extends
 * {@link Serializable}); the stand-in extends {@link Serializable} directly. Core's default methods
 * ({@code error}, {@code fatalError}, {@code hyperlink}, ...) are left out.
 */
public interface TaskListener extends Serializable {
    @NonNull
    PrintStream getLogger();
}
