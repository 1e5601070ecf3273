package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.release.ReleaseCommand;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.sync.SyncCommand;
import java.nio.file.Path;

/**
 * The offline sandbox ({@link Sandbox}) brought, through the engine, to where the verbs that read
 * a release start from: synced, or released; and release tarballs packed as GNU tar packs them.
 */
final class SandboxReleases {
    /** The release tag that the sandbox's sync of upstream 4.1.0 makes. */
    static final String TAG = "4.1.0-digitalocean-0";

    private SandboxReleases() {}

    /** @return the sandbox in {@code dir}, its fork synced with upstream 4.1.0 (release branch and tag) */
    static Sandbox synced(Path dir) throws Exception {
        Sandbox sandbox = Sandbox.create(dir);
        sync(sandbox).call();
        return sandbox;
    }

    /**
     * Releases 4.1.0 from the sandbox (sync, build, package, verify, publish to its releases folder).
     *
     * @return the published x86_64 release tarball
     */
    static Path released(Sandbox sandbox) throws Exception {
        new ReleaseCommand().setSync(sync(sandbox)).setBuildCommand(Sandbox.BUILD_COMMAND)
                .setStateDir(sandbox.stateDir()).setCacheDir(sandbox.cacheDir())
                .setHost(new LocalReleaseHost(sandbox.releasesDir())).call();
        return sandbox.releasesDir().resolve(TAG).resolve(TAG + "-x86_64.tar.xz");
    }

    /** Packs the {@code opt} tree staged under {@code stage} into {@code tarball} with {@code tar -cJ}. */
    static Path tarOpt(Path stage, Path tarball) throws Exception {
        Process tar = new ProcessBuilder("tar", "-cJf", tarball.toString(), "-C", stage.toString(), "./opt")
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return tarball;
    }

    private static SyncCommand sync(Sandbox sandbox) throws InvalidInputException {
        return KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir());
    }
}
