package hudson.remoting;

import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;

/**
 * STAND-IN for remoting's {@code hudson.remoting.Callable}. Its default methods
 * {@code getChannelOrFail()} and {@code getOpenChannelOrFail()} are left out.
 */
public interface Callable<V, T extends Throwable> extends Serializable, RoleSensitive {
    V call() throws T;
}
