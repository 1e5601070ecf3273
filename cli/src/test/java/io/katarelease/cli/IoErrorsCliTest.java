package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An I/O error that is no fault of the file system or the network: named, not an "internal error". */
class IoErrorsCliTest {
    @TempDir
    Path tmp;

    @Test
    void anIoErrorNamesItsPathAndStaysExitOne() throws Exception {
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Files.writeString(artifacts.resolve("kata-static-qemu.tar.xz"), "not read before the output exists");
        Path notADirectory = Files.writeString(tmp.resolve("out"), "a file where a directory belongs");

        CliRun run = CliRun.of(Map.of(), "package", "--release-tag", "4.1.0-digitalocean-0", "--artifacts",
                artifacts.toString(), "--out", notADirectory.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(run.err()).contains("kata-release package: I/O error on " + notADirectory,
                "(run with --verbose for the stack trace)").doesNotContain("internal error", "Exception:");
        assertThat(run.out()).as("no JSON document for exit 1, as before").isEmpty();
    }
}
