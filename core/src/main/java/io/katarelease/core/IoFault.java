package io.katarelease.core;

import io.katarelease.core.files.FileSystemFault;
import io.katarelease.core.git.RemoteUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * An I/O failure no command turned into a {@link ReleaseException} of its own, named by what it
 * is, so that "internal error" stays for bugs. The one classifier of them: the CLI's last-resort
 * handler and the Jenkins agent runner both use it.
 *
 * @param kind what it is
 * @param message what happened, where (the path or host when known) and what to do; no secret
 * @param failure for a fault of the file system or the network, the engine condition with its
 *     exit code; null for the other kinds, which stay exit 1
 */
public record IoFault(Kind kind, String message, ReleaseException failure) {
    /** What an I/O failure is. */
    public enum Kind {
        /** No space, permission denied, a read-only file system, a name too long ({@link FileSystemFault}). */
        FILE_SYSTEM,
        /** A host could not be reached, did not answer, or broke the connection off: {@code REMOTE_UNAVAILABLE}. */
        NETWORK,
        /** The I/O was interrupted: the run was asked to stop. */
        INTERRUPTED,
        /** Any other I/O error, named with its path (or its kind) and reason. */
        IO_ERROR,
    }

    private static final int MAX_DEPTH = 32;
    private static final int MAX_REASON = 300;
    /** scheme://[userinfo@]host[:port]: only host and port are ever shown. */
    private static final Pattern URL = Pattern.compile(
            "(?i)\\b[a-z][a-z0-9+.-]*://(?:[^/\\s@]*@)?(\\[[0-9a-f:.]+\\]|[a-z0-9][a-z0-9.-]*)(:\\d{1,5})?");
    /** Classes whose frames mark an exception as thrown while talking to a peer. */
    private static final String[] NETWORK_CODE = {"java.net.", "sun.net.", "jdk.internal.net.http.",
        "sun.nio.ch.NioSocketImpl", "sun.nio.ch.SocketChannelImpl", "sun.nio.ch.SocketAdaptor", "sun.security.ssl.",
        "javax.net.ssl."};

    /** @return the failure's exception, when it carries an engine condition (file system, network) */
    public Optional<ReleaseException> asFailure() {
        return Optional.ofNullable(failure);
    }

    /**
     * @param t what a command threw
     * @return what the I/O failure in {@code t}'s cause chain is, or empty when the chain holds
     *     none (a bug, then)
     */
    public static Optional<IoFault> classify(Throwable t) {
        Optional<FileSystemFault> disk = FileSystemFault.classify(t);
        if (disk.isPresent()) {
            return Optional.of(new IoFault(Kind.FILE_SYSTEM, disk.get().getMessage(), disk.get()));
        }
        List<Throwable> chain = chain(t);
        IOException first = chain.stream().filter(IOException.class::isInstance).map(IOException.class::cast)
                .findFirst().orElse(null);
        if (first == null) {
            return Optional.empty();
        }
        for (Throwable c : chain) {
            String network = network(c, chain);
            if (network != null) {
                return Optional.of(new IoFault(Kind.NETWORK, network, new RemoteUnavailableException(network, t)));
            }
        }
        if (chain.stream().anyMatch(IoFault::interrupted)) {
            return Optional.of(new IoFault(Kind.INTERRUPTED, describeInterrupted(chain), null));
        }
        return Optional.of(new IoFault(Kind.IO_ERROR, describeOther(chain, first), null));
    }

    /** @return {@code t} and its causes, outermost first (at most {@value #MAX_DEPTH}, no loops) */
    private static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && chain.size() < MAX_DEPTH; c = c.getCause()) {
            for (Throwable seen : chain) {
                if (seen == c) {
                    return chain;
                }
            }
            chain.add(c);
        }
        return chain;
    }

    /** @return the message for a network fault {@code c} (one of {@code chain}), or null when it is none */
    private static String network(Throwable c, List<Throwable> chain) {
        String where = host(c, chain);
        String host = where == null ? "the remote host" : where;
        if (c instanceof UnknownHostException) {
            return "the host name " + (where == null ? "" : where + " ") + "does not resolve (UnknownHostException);"
                    + " check the name (a typo, or a host known only on another network) and this machine's DNS and"
                    + " proxy settings, then run again";
        }
        if (c instanceof NoRouteToHostException) {
            return "no network route to " + host + " (NoRouteToHostException); check this machine's network"
                    + " (a firewall, VPN or proxy), then run again";
        }
        boolean connectTimedOut = c instanceof ConnectException
                && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
        if (c instanceof ConnectException && !connectTimedOut) {
            return host + " refused the connection (ConnectException); check that the service runs there, that"
                    + " the address and port are right, and the proxy settings, then run again";
        }
        if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException || connectTimedOut) {
            return host + " did not answer in time (" + c.getClass().getSimpleName() + "); check the network and"
                    + " the proxy settings, or run again when the server is less busy";
        }
        if (c instanceof SSLException) {
            return "the TLS handshake with " + host + " failed (" + reason(c) + "); check the server's certificate,"
                    + " this machine's clock and CA certificates, and any proxy that intercepts TLS";
        }
        if (c instanceof SocketException || brokeOff(c)) {
            return "the connection to " + host + " broke off (" + reason(c) + "); the server or a proxy closed it:"
                    + " run again";
        }
        return null;
    }

    /** An end of stream, or a reset, met while reading from a peer (not from a file or a pipe). */
    private static boolean brokeOff(Throwable c) {
        if (!(c instanceof IOException) || !fromNetworkCode(c)) {
            return false;
        }
        String text = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
        return c instanceof EOFException || text.contains("connection reset") || text.contains("broken pipe")
                || text.contains("received no bytes") || text.contains("by peer") || text.contains("connection closed");
    }

    private static boolean fromNetworkCode(Throwable c) {
        StackTraceElement[] frames = c.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 16); i++) {
            for (String prefix : NETWORK_CODE) {
                if (frames[i].getClassName().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the host (and port) a fault names, from the unresolved name or a URL in a message, else null */
    private static String host(Throwable c, List<Throwable> chain) {
        if (c instanceof UnknownHostException && c.getMessage() != null && !c.getMessage().isBlank()) {
            String name = c.getMessage().strip();
            int colon = name.indexOf(": ");
            return safe(colon > 0 ? name.substring(0, colon) : name);
        }
        for (Throwable x : chain) {
            Matcher m = URL.matcher(String.valueOf(x.getMessage()));
            if (m.find()) {
                return m.group(1) + (m.group(2) == null ? "" : m.group(2));
            }
        }
        return null;
    }

    private static String safe(String name) {
        return name.matches("[A-Za-z0-9._:\\[\\]-]{1,255}") ? name : Texts.quote(name);
    }

    private static boolean interrupted(Throwable c) {
        return c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)
                || c instanceof ClosedByInterruptException || c instanceof FileLockInterruptionException
                || c instanceof InterruptedException;
    }

    private static String describeInterrupted(List<Throwable> chain) {
        String said = chain.stream().map(Throwable::getMessage).filter(m -> m != null && m.startsWith("interrupted "))
                .findFirst().orElse(null);
        FileSystemException file = file(chain);
        String path = file == null ? null : file.getFile();
        String what = said != null ? scrub(said) : "interrupted during I/O" + (path == null ? "" : " on " + path);
        return what + "; the run was asked to stop before it finished: run it again to finish it";
    }

    /** @param first the outermost I/O exception: wrappers that add what was done are outside */
    private static String describeOther(List<Throwable> chain, IOException first) {
        FileSystemException file = file(chain);
        if (file != null) {
            String where = file.getFile() + (file.getOtherFile() == null ? "" : " (and " + file.getOtherFile() + ")");
            return "I/O error on " + where + ": " + fileReason(file) + "; check what is at that path (a file where a"
                    + " directory belongs, or one another program changed during the run), then run again";
        }
        return "I/O error: " + reason(first) + "; run again, and report it with the stack trace if it happens again";
    }

    /** @return the first exception that names the path it happened on, or null */
    private static FileSystemException file(List<Throwable> chain) {
        return chain.stream().filter(c -> c instanceof FileSystemException f && f.getFile() != null)
                .map(FileSystemException.class::cast).findFirst().orElse(null);
    }

    private static String fileReason(FileSystemException f) {
        if (f.getReason() != null && !f.getReason().isBlank()) {
            return scrub(f.getReason());
        }
        return switch (f.getClass().getSimpleName()) {
            case "NoSuchFileException" -> "no such file or directory";
            case "FileAlreadyExistsException" -> "it already exists";
            case "DirectoryNotEmptyException" -> "the directory is not empty";
            case "NotDirectoryException" -> "not a directory";
            case "NotLinkException" -> "not a symbolic link";
            case "FileSystemLoopException" -> "a loop of symbolic links";
            default -> f.getClass().getSimpleName();
        };
    }

    /** @return "message (ExceptionClass)", or the class alone; one line, cut, with no URL password */
    private static String reason(Throwable c) {
        String m = c.getMessage();
        String kind = c.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : scrub(m) + " (" + kind + ")";
    }

    /** Removes control characters and every URL's user information (a token can sit there), and cuts. */
    private static String scrub(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ")
                .replaceAll("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]*@", "$1");
        return oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON) + "…" : oneLine;
    }
}
