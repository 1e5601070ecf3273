package io.katarelease.pipelinetests;

import io.katarelease.pipelinetests.harness.Describable;
import io.katarelease.pipelinetests.harness.PipelineHarness;
import java.util.List;
import java.util.Map;

/** Canned plugin-step results (shaped like the plugin's) and the values the tests expect. */
final class Fixtures {
    static final String UPSTREAM = "https://github.com/kata-containers/kata-containers.git";
    static final String FORK = "https://github.com/digitalocean/kata-containers.git";
    static final String GITHUB_REPO = "digitalocean/kata-containers";
    static final String RELEASE_TAG = "4.1.0-digitalocean-0";
    static final String ASSET = "release/4.1.0-digitalocean-0-x86_64.tar.xz";
    static final String SHA256 = "9b2c6a0f4e1d3c5b7a9f8e6d4c2b0a1f3e5d7c9b1a3f5e7d9c1b3a5f7e9d1c3b";
    static final String RELEASE_URL = "https://github.com/digitalocean/kata-containers/releases/tag/4.1.0-digitalocean-0";
    static final String ASSET_URL = "https://github.com/digitalocean/kata-containers/releases/download/"
            + "4.1.0-digitalocean-0/4.1.0-digitalocean-0-x86_64.tar.xz";
    static final String GIT_CREDENTIALS = "kata-release-git";
    static final String GITHUB_CREDENTIALS = "kata-release-github";
    /** What the Jenkinsfile builds on: the agent every stage with work uses. */
    static final String LABEL = "x86_64";

    private Fixtures() {
    }

    /** The repository's library and Jenkinsfile with every plugin step answering as on a good day. */
    static PipelineHarness harness() {
        return PipelineHarness.forRepository()
                .respond("kataUpstreamTags", Map.of("pending", List.of(), "released", List.of("4.0.0")))
                .respond("kataSyncFork", Map.of("releaseTag", RELEASE_TAG, "releaseBranch", "do/4.1.0",
                        "carried", List.of(), "dropped", List.of()))
                .respond("kataBuildQemu", Map.of("component", "qemu", "artifact", "build/kata-static-qemu.tar.xz",
                        "recordFile", "build/kata-static-qemu.build.json", "sha256", "11", "fromCache", false))
                .respond("kataBuildKernel", Map.of("component", "kernel",
                        "artifact", "build/kata-static-kernel.tar.xz",
                        "recordFile", "build/kata-static-kernel.build.json", "sha256", "22", "fromCache", true))
                .respond("kataPackageRelease", Map.of("artifact", ASSET, "sha256", SHA256,
                        "report", "release/4.1.0-digitalocean-0-report.md", "sha256sums", "release/SHA256SUMS"))
                .respond("kataVerifyRelease", Map.of("passed", true, "checks", List.of()))
                .respond("kataPublishRelease", Map.of("releaseUrl", RELEASE_URL, "assetUrl", ASSET_URL,
                        "sha256", SHA256, "artifact", "4.1.0-digitalocean-0-x86_64.tar.xz"));
    }

    /** A release build of upstream 4.1.0, as the tag watch or a person starts it. */
    static PipelineHarness release() {
        return harness().param("UPSTREAM_TAG", "4.1.0");
    }

    static Describable string(String name, String value) {
        return new Describable("string", Map.of("name", name, "value", value), List.of());
    }

    static Describable booleanParam(String name, boolean value) {
        return new Describable("booleanParam", Map.of("name", name, "value", value), List.of());
    }
}
