package io.katarelease.core.verify;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the checks share: making a check, reading the start of a file. */
final class Checks {
    /** The most of a text file (VERSION, versions.yaml, SHA256SUMS, a blob at the ref) that is read. */
    static final int SMALL_FILE = 4 * 1024 * 1024;

    private Checks() {}

    static Check passed(String name, String detail) {
        return new Check(name, Status.PASSED, detail);
    }

    static Check failed(String name, String detail) {
        return new Check(name, Status.FAILED, detail);
    }

    static Check skipped(String name, String detail) {
        return new Check(name, Status.SKIPPED, detail);
    }

    /** @return at most the first {@code max} bytes: a hostile tarball's "text" file may be huge */
    static byte[] head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }
}
