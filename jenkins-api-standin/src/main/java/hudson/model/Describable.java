package hudson.model;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Describable}, as in 2.479: {@code getDescriptor()}
 * is abstract. (Core 2.505 and later give it a default implementation and deprecate
 * {@link AbstractDescribableImpl}.)
 */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
