package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Descriptor}. As in core, the no-argument
 * constructor infers the described class from the enclosing class, so a descriptor must be a
 * static nested class of what it describes (core throws AssertionError otherwise; so does this),
 * and the described class's {@code getDescriptor()} must be able to return this descriptor.
 *
 * <p>Simplifications: core declares {@code Descriptor<T> implements Loadable, Saveable, OnMaster};
 * the stand-in drops those supertypes (the plugin uses none of their members). Core finds
 * descriptors through Jenkins' extension list; the stand-in registers each descriptor in
 * {@link #STANDIN_REGISTRY} when it is constructed.
 */
public abstract class Descriptor<T extends Describable<T>> {
    /**
     * STAND-IN ONLY, not part of the Jenkins API: replaces Jenkins' extension list for
     * {@link AbstractDescribableImpl#getDescriptor()}. Package-private so plugin code cannot use it.
     */
    static final Map<Class<?>, Descriptor<?>> STANDIN_REGISTRY = new ConcurrentHashMap<>();

    public final transient Class<? extends T> clazz;

    @SuppressWarnings("unchecked")
    protected Descriptor() {
        Class<?> outer = getClass().getEnclosingClass();
        if (outer == null) {
            throw new AssertionError(getClass() + " doesn't have an outer class. Use the constructor that takes the Class object explicitly.");
        }
        this.clazz = (Class<? extends T>) outer;
        // as in core: this descriptor is supposed to be returned from getDescriptor()
        try {
            Method getd = outer.getMethod("getDescriptor");
            if (!getd.getReturnType().isAssignableFrom(getClass())) {
                throw new AssertionError(getClass() + " must be assignable to " + getd.getReturnType());
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(getClass() + " is missing getDescriptor method.", e);
        }
        STANDIN_REGISTRY.put(outer, this);
    }

    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = clazz;
        STANDIN_REGISTRY.put(clazz, this);
    }

    /** As in core: by default the simple name of the described class. */
    @NonNull
    public String getDisplayName() {
        return clazz.getSimpleName();
    }
}
