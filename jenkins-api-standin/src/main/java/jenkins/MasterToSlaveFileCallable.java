package jenkins;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

/**
 * STAND-IN for jenkins-core's {@code jenkins.MasterToSlaveFileCallable}, as in 2.479: a file callable
 * that runs on the agent. Core checks the agent role here ({@code checker.check(this, Roles.SLAVE)});
 * the stand-in has no roles to check. (Current core instead implements
 * {@code jenkins.agents.ControllerToAgentFileCallable}, whose default {@code checkRoles} does the same.)
 */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {}
}
