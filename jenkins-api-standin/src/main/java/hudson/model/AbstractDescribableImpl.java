package hudson.model;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.AbstractDescribableImpl} (as in 2.479; deprecated
 * since core 2.505). The real one looks the descriptor up in Jenkins' extension list
 * ({@code Jenkins.get().getDescriptorOrDie(getClass())}); without Jenkins the stand-in cannot, so
 * {@link hudson.model.Descriptor} instances register themselves on construction (a stand-in-only
 * registry) and are looked up there; a missing one is an AssertionError, as in core.
 */
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<T> getDescriptor() {
        Descriptor<?> d = Descriptor.STANDIN_REGISTRY.get(getClass());
        if (d == null) { // as Jenkins.getDescriptorOrDie does
            throw new AssertionError(getClass() + " is missing its descriptor");
        }
        return (Descriptor<T>) d;
    }
}
