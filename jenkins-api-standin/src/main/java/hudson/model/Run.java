package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Run}: the members the plugin calls.
 *
 * <p>Simplifications: core declares {@code Run<JobT, RunT> extends Actionable implements ExtensionPoint,
 * Comparable<RunT>, AccessControlled, PersistenceRoot, DescriptorByNameOwner, OnMaster, StaplerProxy}
 * (current core adds more); the stand-in drops those supertypes. In core
 * {@link #getExternalizableId()} is concrete ({@code project.getFullName() + "#" + getNumber()});
 * the stand-in, which has no job or build number, declares it abstract so that tests can supply it.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    @NonNull
    public abstract String getExternalizableId();
}
