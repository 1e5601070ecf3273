package io.katarelease.core.build;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildRecord.Artifact;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.packaging.UnsafeArtifactException;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.versions.Component;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One build of a {@link BuildCommand}: runs kata's build (or the command that replaces it) in the
 * checkout, with no token in its environment, checks the artefact it leaves, and stores it in the
 * cache. A failed build keeps its last lines of output for the message.
 */
final class BuildProcess {
    private static final int TAIL_LINES = 40;

    private final String target;
    private final Component component;
    private final String arch;
    private final Progress progress;
    private final Clock clock;
    private final ArrayDeque<String> tail = new ArrayDeque<>();

    /** @param component QEMU or the kernel, or null for another kata-deploy target */
    BuildProcess(String target, Component component, String arch, Progress progress, Clock clock) {
        this.target = target;
        this.component = component;
        this.arch = arch;
        this.progress = progress;
        this.clock = clock;
    }

    /** @return the stored artefact */
    ArtifactCache.Hit run(Path repo, ComponentPlan plan, CacheKey key, String digest, List<String> argv,
            Map<String, String> env, ArtifactCache cache) throws ReleaseException, IOException {
        Instant start = clock.instant();
        progress.step("building " + target + ": " + String.join(" ", argv));
        int exit = runProcess(repo, argv, env);
        long millis = Duration.between(start, clock.instant()).toMillis();
        if (exit != 0) {
            throw new BuildFailedException("the " + target + " build exited with " + exit + "; nothing was"
                    + " cached. Fix the build and run again", exit, List.copyOf(tail));
        }
        Path artifact = findArtifact(repo, start);
        checkContents(artifact);
        BuildRecord record = new BuildRecord(target, plan.version(), arch, digest, key.inputs(), argv,
                new LinkedHashMap<>(env), start.toString(), millis,
                new Artifact(artifact.toString(), Files.size(artifact), Digests.sha256(artifact)), false);
        progress.step("built " + artifact.getFileName() + " in " + Duration.ofMillis(millis).toSeconds() + " s");
        return cache.store(target, digest, artifact, record);
    }

    /** @return the build's exit code; its output went to the progress, its last lines to the tail */
    private int runProcess(Path repo, List<String> argv, Map<String, String> env) throws ReleaseException, IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true);
        // Tokens are for git and GitHub, never for a build: not in its environment, nor in ours.
        ChildEnvironment.checkNoToken(System.getenv(), "the " + target + " build");
        pb.environment().clear();
        pb.environment().putAll(ChildEnvironment.forBuild(System.getenv()));
        pb.environment().putAll(env);
        Process process = pb.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                progress.output(target, line);
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building " + target, e);
        }
    }

    private Path findArtifact(Path repo, Instant start)
            throws IOException, BuildFailedException, UnsafeArtifactException {
        for (String suffix : BuildRecord.ARTIFACT_SUFFIXES) {
            Path p = repo.resolve(BuildCommand.KATA_BUILD_DIR).resolve(BuildRecord.artifactFileName(target, suffix));
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArtifactException("the " + target + " build left "
                        + p + " as a symbolic link (to " + Files.readSymbolicLink(p) + "); refused, not followed:"
                        + " a link is not an artefact");
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && !Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
                            .isBefore(start.minusSeconds(2))) {
                return p;
            }
        }
        throw new BuildFailedException("the " + target + " build exited 0 but wrote no new "
                + BuildCommand.KATA_BUILD_DIR + "/kata-static-" + target + ".tar.xz (or .tar.zst) in " + repo, -1,
                List.copyOf(tail));
    }

    private void checkContents(Path artifact) throws IOException, BuildFailedException {
        List<String> members = Tarballs.list(artifact);
        Pattern expected = component == Component.QEMU
                ? Pattern.compile("opt/kata/bin/qemu-system-" + Pattern.quote(arch))
                : component == Component.KERNEL ? Pattern.compile("opt/kata/share/kata-containers/vmlinuz-.+")
                : Pattern.compile("opt/kata/.+");
        if (members.stream().noneMatch(m -> expected.matcher(m).matches())) {
            throw new BuildFailedException(artifact + " holds no " + expected.pattern() + " (" + members.size()
                    + " members); the build did not produce the " + target + "; nothing was cached", -1,
                    List.copyOf(tail));
        }
    }
}
