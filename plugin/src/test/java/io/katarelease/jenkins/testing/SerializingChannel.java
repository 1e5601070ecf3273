package io.katarelease.jenkins.testing;

import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel to an "agent" in this JVM that, like remoting, sends the callable and its answer as
 * serialised bytes: a callable (or result) that does not serialise fails here as on a real agent.
 */
public final class SerializingChannel implements VirtualChannel, Serializable {
    private static final long serialVersionUID = 1L;
    private final transient AtomicInteger calls = new AtomicInteger();

    @Override
    @SuppressWarnings("unchecked")
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        calls.incrementAndGet();
        Callable<V, T> remote = (Callable<V, T>) roundTrip(callable);
        return (V) roundTrip((Serializable) remote.call());
    }

    public int calls() {
        return calls.get();
    }

    public static Object roundTrip(Object o) throws IOException {
        if (o == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
