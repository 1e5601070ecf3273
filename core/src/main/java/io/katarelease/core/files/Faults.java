package io.katarelease.core.files;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** Gives an I/O error the path it happened on, when the JDK did not. */
public final class Faults {
    private Faults() {}

    /** @return {@code e} when it names a file already, else a {@link FileSystemException} on {@code path} */
    public static IOException withPath(IOException e, java.nio.file.Path path) {
        if (e instanceof FileSystemException) {
            return e;
        }
        FileSystemException named = new FileSystemException(path.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }
}
