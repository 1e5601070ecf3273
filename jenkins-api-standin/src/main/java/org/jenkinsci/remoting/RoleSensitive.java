package org.jenkinsci.remoting;

/** STAND-IN for remoting's {@code org.jenkinsci.remoting.RoleSensitive}. */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
