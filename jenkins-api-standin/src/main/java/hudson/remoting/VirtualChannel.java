package hudson.remoting;

import java.io.IOException;

/**
 * STAND-IN for remoting's {@code hudson.remoting.VirtualChannel}: the one member the plugin calls.
 * The real interface's other abstract methods ({@code callAsync}, {@code close}, {@code join},
 * {@code export}, {@code syncLocalIO}) are left out, so a test double of it does not compile
 * against the real API.
 */
public interface VirtualChannel {
    <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException;
}
