package io.katarelease.core.release;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.Digests;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.packaging.ReleaseReport;
import io.katarelease.core.verify.VerifyCommand;
import io.katarelease.core.verify.VerifyFailedException;
import io.katarelease.core.verify.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks the tarball before anything is published; a failure stops the run (nothing is
 * published) and the next run checks again. The results go into the report, whose line in
 * SHA256SUMS follows, and into {@code <state>/<tag>/verify.json}; the ledger skips the checks
 * while the tarball and the release commit are unchanged, and the report is brought back in line
 * with the recorded results on every run (so a kill between the two files heals).
 */
final class VerifyStage implements ReleaseStage {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return ReleaseStages.VERIFY;
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        String releaseTag = run.synced().releaseTag();
        String releaseCommit = run.synced().releaseCommit();
        Path tarball = run.tarball();
        Path results = run.releaseDir().resolve("verify.json");
        Map<String, String> inputs = Map.of("releaseCommit", releaseCommit, "tarball", Digests.sha256(tarball));
        var previous = run.ledger().done(ReleaseStages.VERIFY, inputs);
        VerifyResult verified = previous.isPresent() ? recorded(results, previous.get().outputs().get("results")) : null;
        if (verified != null) {
            run.outcome(ReleaseStages.VERIFY, "skipped", verified.summary());
        } else {
            run.progress().step("stage verify");
            try {
                verified = new VerifyCommand().setAsset(tarball).setReleaseTag(releaseTag)
                        .setRepository(run.cache().repository(), releaseCommit).setWorkDir(results.getParent())
                        .setProgress(run.progress()).call();
            } catch (VerifyFailedException e) {
                write(results, e.result());
                throw e;
            }
            write(results, verified);
            run.record(ReleaseStages.VERIFY, inputs, Map.of("results", Digests.sha256(results), "summary",
                    verified.summary()));
            run.outcome(ReleaseStages.VERIFY, "ran", verified.summary());
        }
        Path assets = tarball.getParent();
        ReleaseReport.addVerification(assets.resolve(releaseTag + "-report.md"), assets.resolve("SHA256SUMS"),
                verified);
        run.verified(verified);
    }

    @Override
    public void plan(ReleaseRun run) {
        run.outcome(ReleaseStages.VERIFY, "planned", "the tarball's checks; a failure stops before publish");
    }

    /**
     * @return the recorded results when the file holds exactly what the ledger says was written
     *     (read once, digest and content from the same bytes), else null: the checks run again
     */
    private static VerifyResult recorded(Path results, String sha256) throws IOException {
        if (!Files.isRegularFile(results, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = AtomicFiles.openRegular(results)) {
            bytes = in.readNBytes(16 << 20);
        }
        if (!Digests.sha256(bytes).equals(sha256)) {
            return null;
        }
        try {
            return JSON.readValue(bytes, VerifyResult.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void write(Path file, VerifyResult result) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, JSON.writeValueAsBytes(result));
    }
}
