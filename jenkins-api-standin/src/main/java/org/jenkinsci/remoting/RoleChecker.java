package org.jenkinsci.remoting;

/**
 * STAND-IN for remoting's {@code org.jenkinsci.remoting.RoleChecker}: an abstract class, present as
 * {@link RoleSensitive#checkRoles}'s parameter type. Its {@code check(...)} methods (one abstract)
 * are left out: the plugin calls none of them.
 */
public abstract class RoleChecker {}
