package io.katarelease.core.files;

import io.katarelease.core.ReleaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Optional;

/**
 * A fault of the file system, not of kata-release: no space, permission denied, a read-only file
 * system, a name too long. Named with the path and what to do, and given its own exit code, so
 * that "internal error" stays for bugs.
 *
 * <p>The JDK reports these as {@link FileSystemException}s (or plain {@link IOException}s from a
 * stream write) carrying the C library's message; {@link #classify} reads that message, which
 * glibc gives in English under the JVM's default C locale for system messages.
 */
public final class FileSystemFault extends ReleaseException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final String path;

    private FileSystemFault(Reason reason, String path, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.path = path;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /** @return the path the fault happened on, or null when the JDK did not say */
    public String path() {
        return path;
    }

    /** @return the fault a throwable (or one of its causes) reports, when it is one of the four */
    public static Optional<FileSystemFault> classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileSystemFault f) {
                return Optional.of(f);
            }
            if (!(c instanceof IOException || c instanceof UncheckedIOException)) {
                continue;
            }
            String path = c instanceof FileSystemException f ? f.getFile() : null;
            String reasonText = c instanceof FileSystemException f ? f.getReason() : c.getMessage();
            String text = String.valueOf(reasonText).toLowerCase(Locale.ROOT);
            Reason r = c instanceof AccessDeniedException || text.contains("permission denied")
                    || text.contains("operation not permitted") ? Reason.PERMISSION_DENIED
                    : text.contains("no space left") || text.contains("disk quota exceeded") ? Reason.NO_SPACE
                    : text.contains("read-only file system") ? Reason.READ_ONLY
                    : text.contains("file name too long") ? Reason.NAME_TOO_LONG
                    : null;
            if (r != null) {
                path = path == null ? pathOfCauses(c.getCause()) : path;
                return Optional.of(new FileSystemFault(r, path, describe(r, path), t));
            }
        }
        return Optional.empty();
    }

    private static String pathOfCauses(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileSystemException f && f.getFile() != null) {
                return f.getFile();
            }
        }
        return null;
    }

    private static String describe(Reason r, String path) {
        String where = path == null ? "a file kata-release writes" : path;
        return switch (r) {
            case NO_SPACE -> "no space left on the file system of " + where
                    + "; free space there (or point the state, work or output directory elsewhere) and run again;"
                    + " nothing partial was kept";
            case PERMISSION_DENIED -> "permission denied on " + where
                    + "; give the user running kata-release access to it, or choose another directory";
            case READ_ONLY -> where + " is on a read-only file system; choose a writable directory";
            case NAME_TOO_LONG -> "a file name or path is too long for the file system: " + where
                    + "; use a shorter directory, tag or asset name";
            default -> throw new IllegalArgumentException(r.name());
        };
    }
}
