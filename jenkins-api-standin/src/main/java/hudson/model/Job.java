package hudson.model;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Job}: its type parameters, for {@link Run}, and
 * the job's full name.
 *
 * <p>Simplifications: core declares {@code Job<JobT, RunT> extends AbstractItem implements
 * ExtensionPoint, StaplerOverridable, ModelObjectWithChildren, HasWidgets}; the stand-in drops those
 * supertypes. {@link #getFullName()} is declared in core by {@code AbstractItem} as
 * {@code public final String getFullName()} (computed from the parent's full name); the stand-in,
 * which has no item tree, declares it abstract so that tests can supply it.
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    public abstract String getFullName();
}
