package io.katarelease.core.build.remote;

import io.katarelease.core.ReleaseException.Reason;
import io.katarelease.core.Setting;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import land.oras.exception.OrasException;

/**
 * Runs registry calls within time limits and names their faults. The registry client (JDK
 * HttpClient) has a connect timeout but no read timeout: a registry that accepts a connection and
 * never answers would hold a build forever. Each call runs on a daemon thread and is given up
 * after its limit; a download is given up when no byte arrived for the stall limit.
 */
final class RegistryCalls {
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kata-release-registry");
        t.setDaemon(true);
        return t;
    });
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kata-release-registry-watch");
        t.setDaemon(true);
        return t;
    });

    private final Duration call;
    private final Duration stall;
    private final Duration perMiB;

    RegistryCalls(Duration call, Duration stall, Duration perMiB) {
        this.call = call;
        this.stall = stall;
        this.perMiB = perMiB;
    }

    /** 60 s per call, plus a second per MiB uploaded; a download stalled for 60 s is given up. */
    static RegistryCalls standard() {
        return new RegistryCalls(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    Duration perMiB() {
        return perMiB;
    }

    /** A body of work that reads a stream. */
    interface StreamUse<T> {
        T use(InputStream in) throws Exception;
    }

    <T> T bounded(String what, RegistryCredentials credentials, Callable<T> work) throws RemoteCacheException {
        return within(call, what, credentials, work);
    }

    /** A call that sends {@code size} bytes: its limit grows with the size. */
    <T> T upload(String what, RegistryCredentials credentials, long size, Callable<T> work) throws RemoteCacheException {
        return within(call.plus(perMiB.multipliedBy(size >> 20)), what, credentials, work);
    }

    /** Opens a stream within the call limit, then reads it for as long as bytes keep coming. */
    <T> T streamed(String what, RegistryCredentials credentials, long size, Callable<InputStream> open,
            StreamUse<T> use) throws RemoteCacheException {
        InputStream raw = bounded(what, credentials, open);
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        InputStream watched = new FilterInputStream(raw) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                lastByte.set(System.nanoTime());
                return n;
            }
        };
        boolean[] stalled = {false};
        ScheduledFuture<?> watchdog = WATCH.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastByte.get() > stall.toNanos()) {
                stalled[0] = true;
                try {
                    raw.close(); // ends the blocked read with an IOException
                } catch (IOException ignored) {
                    // Closing is all that can be done.
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        try (InputStream in = watched) {
            return use.use(in);
        } catch (Exception e) {
            if (stalled[0]) {
                throw new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry " + credentials.redact(what)
                        + " stalled: no byte for " + stall.toSeconds() + " s; the download was given up");
            }
            throw classify(what, e, credentials);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static <T> T within(Duration limit, String what, RegistryCredentials credentials, Callable<T> work)
            throws RemoteCacheException {
        Future<T> future = CALLS.submit(work);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry did not answer within "
                    + limit.toSeconds() + " s to " + credentials.redact(what) + "; check that it is up and reachable");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "interrupted while waiting to " + what);
        } catch (ExecutionException e) {
            throw classify(what, e.getCause(), credentials);
        }
    }

    /** @return the fault, named as what it is, with every form of the secret removed from the text */
    static RemoteCacheException classify(String what, Throwable e, RegistryCredentials credentials) {
        if (e instanceof RemoteCacheException r) {
            return r;
        }
        String doing = " to " + what;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryCache.DigestMismatch) {
                return new RemoteCacheException(Reason.STATE_DAMAGED, "the bytes the registry served" + doing
                        + " do not match the digest or size in their manifest; nothing was kept");
            }
            if (t instanceof OrasException o && o.getStatusCode() > 0) {
                int status = o.getStatusCode();
                if (status == 401) {
                    return new RemoteCacheException(Reason.AUTHENTICATION, "the registry refused "
                            + credentials.describe() + " (HTTP 401)" + doing + "; give credentials that may pull"
                            + " and push there: KATA_RELEASE_REGISTRY_CREDENTIALS (USER:PASSWORD),"
                            + " KATA_RELEASE_REGISTRY_TOKEN, or a registry login (docker login)");
                }
                if (status == 403) {
                    return new RemoteCacheException(Reason.AUTHENTICATION, "the registry denied "
                            + credentials.describe() + " (HTTP 403)" + doing + ": these credentials lack the pull"
                            + " or push right on the repository; ask its owner for both");
                }
                return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry answered HTTP " + status
                        + doing + detail(o, credentials) + "; try again later, or check the registry's log");
            }
            if (t instanceof HttpTimeoutException) {
                return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry timed out" + doing);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry could not be reached" + doing
                        + " (" + t.getClass().getSimpleName() + "); check the reference, that the registry is up,"
                        + " and the proxy settings");
            }
            if (t instanceof SSLException) {
                return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the TLS handshake with the registry"
                        + " failed" + doing + " (" + credentials.redact(String.valueOf(t.getMessage())) + "); if the"
                        + " registry speaks plain HTTP, allow a plain-HTTP registry", Setting.INSECURE_REGISTRY);
            }
            if (t instanceof IOException && !(t.getCause() instanceof IOException)) {
                return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the connection to the registry broke off"
                        + doing + " (" + t.getClass().getSimpleName() + ")");
            }
        }
        return new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry call failed" + doing + ": "
                + cut(credentials.redact(String.valueOf(e.getMessage()))));
    }

    private static String detail(OrasException o, RegistryCredentials credentials) {
        if (o.getError() == null || o.getError().message() == null) {
            return "";
        }
        return " (" + cut(credentials.redact(o.getError().message())) + ")";
    }

    private static String cut(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
