package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildFailedException;
import io.katarelease.core.build.PatchFailedException;
import io.katarelease.core.publish.AssetConflictException;
import io.katarelease.core.sync.ConflictException;
import io.katarelease.core.sync.PushRejectedException;
import io.katarelease.core.sync.RemoteMovedException;
import java.util.Map;

/** How every verb reports an engine failure: one message on stderr, and JSON with {@code --json}. */
final class Failures {
    private Failures() {}

    /** @return the exit code for the failure, after reporting it */
    static int report(CliContext ctx, String verb, ReleaseException e, boolean json, boolean verbose) {
        int code = ExitCodes.of(e.reason());
        ctx.err().println("kata-release " + verb + ": " + e.getMessage());
        if (verbose) {
            e.printStackTrace(ctx.err());
        }
        if (json) {
            JsonOutput.failure(ctx.out(), verb, code, e, details(e));
        }
        ctx.err().flush();
        return code;
    }

    /** The machine-readable evidence a failure carries, or null. */
    private static Object details(ReleaseException e) {
        if (e instanceof ConflictException c) {
            return c.conflict();
        }
        if (e instanceof RemoteMovedException m) {
            return m.rejected();
        }
        if (e instanceof PushRejectedException r) {
            return r.rejected();
        }
        if (e instanceof BuildFailedException b) {
            return Map.of("exitCode", b.exitCode(), "lastLines", b.lastLines());
        }
        if (e instanceof PatchFailedException p) {
            return Map.of("patch", p.patch(), "output", p.output());
        }
        if (e instanceof AssetConflictException a) {
            return a.names();
        }
        return null;
    }
}
