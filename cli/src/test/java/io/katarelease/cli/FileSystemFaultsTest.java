package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-system faults, made for real: a full tmpfs, a read-only tmpfs, a folder the user may not
 * write, a name longer than NAME_MAX. Each gets its own exit code and names the path, and nothing
 * partial is left. Mounting needs root (CI runs as root); where it is refused the test is skipped
 * and says why.
 */
class FileSystemFaultsTest {
    static final String TAG = "4.1.0-digitalocean-0";

    @TempDir
    Path tmp;

    Path artifacts;
    final List<Path> mounts = new ArrayList<>();
    final List<Path> immutable = new ArrayList<>();

    @BeforeEach
    void componentWithIncompressibleContent() throws Exception {
        artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path stage = Files.createDirectories(tmp.resolve("stage/opt/kata/bin"));
        sh(tmp, "head -c 3145728 /dev/urandom > " + stage.resolve("qemu-system-x86_64"));
        sh(tmp.resolve("stage"), "tar -cJf " + artifacts.resolve("kata-static-qemu.tar.xz") + " ./opt");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Path p : immutable) {
            sh(tmp, "chattr -i " + p);
        }
        for (Path m : mounts) {
            sh(tmp, "umount " + m);
        }
    }

    private static String sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            throw new IOException(command + ": " + out.strip());
        }
        return out;
    }

    private Path tmpfs(String name, String options) {
        Path dir = tmp.resolve(name);
        try {
            Files.createDirectories(dir);
            sh(tmp, "mount -t tmpfs -o " + options + " kata-release-test " + dir);
        } catch (Exception e) {
            System.out.println("skipped: cannot mount a tmpfs here (" + e.getMessage() + "); this test needs root");
            assumeTrue(false, "cannot mount a tmpfs: " + e.getMessage());
        }
        mounts.add(dir);
        return dir;
    }

    private CliRun pack(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("package", "--release-tag", TAG, "--artifacts",
                artifacts.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(Map.of(), args.toArray(String[]::new));
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.endsWith(".kata-release.lock")).toList();
        }
    }

    @Test
    void noSpaceLeftIsNamedWithItsPathAndLeavesNothingPartial() throws Exception {
        Path small = tmpfs("small", "size=1m");
        Path out = small.resolve("out");

        CliRun run = pack(out, "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NO_SPACE);
        assertThat(run.err()).contains("no space left on the file system of " + out).doesNotContain("internal error");
        assertThat(run.json().get("exitCode").asInt()).isEqualTo(ExitCodes.NO_SPACE);
        assertThat(files(small)).isEmpty();
    }

    @Test
    void aReadOnlyFileSystemIsNamed() throws Exception {
        Path ro = tmpfs("ro", "ro,size=1m");

        CliRun run = pack(ro.resolve("out"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.READ_ONLY);
        assertThat(run.err()).contains(ro.resolve("out") + " is on a read-only file system");
    }

    @Test
    void permissionDeniedIsNamed() throws Exception {
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // Root passes every permission check; an immutable folder refuses even root.
            try {
                sh(tmp, "chattr +i " + locked);
            } catch (Exception e) {
                System.out.println("skipped: chattr +i is refused here (" + e.getMessage() + ")");
                assumeTrue(false, "chattr +i refused: " + e.getMessage());
            }
            immutable.add(locked);
        } else {
            sh(tmp, "chmod 0555 " + locked);
        }

        CliRun run = pack(locked.resolve("out"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PERMISSION_DENIED);
        assertThat(run.err()).contains("permission denied on " + locked.resolve("out"));
    }

    @Test
    void aNameTooLongIsNamed() throws Exception {
        Path out = tmp.resolve("x".repeat(300));

        CliRun run = pack(out);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NAME_TOO_LONG);
        assertThat(run.err()).contains("too long").contains("x".repeat(100));
    }
}
