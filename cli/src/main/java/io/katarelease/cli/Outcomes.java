package io.katarelease.cli;

import io.katarelease.core.IoFault;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildFailedException;
import io.katarelease.core.build.PatchFailedException;
import io.katarelease.core.publish.AssetConflictException;
import io.katarelease.core.sync.ConflictException;
import io.katarelease.core.sync.PushRejectedException;
import io.katarelease.core.sync.RemoteMovedException;
import io.katarelease.core.verify.VerifyFailedException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How every verb reports its outcome: warnings on stderr, then the result as text or as one JSON
 * document; or the failure as one message on stderr (and JSON with {@code --json}).
 */
final class Outcomes {
    private Outcomes() {}

    /** Prints a result and returns {@link ExitCodes#OK}. */
    static int success(CliContext ctx, TerminalProgress progress, String verb, boolean json, Object result,
            List<String> warnings, Consumer<PrintWriter> human) {
        warnings.forEach(progress::warn);
        if (json) {
            JsonOutput.result(ctx.out(), verb, ExitCodes.OK, result);
        } else {
            human.accept(ctx.out());
        }
        ctx.out().flush();
        return ExitCodes.OK;
    }

    /**
     * @return the exit code for the failure, after reporting it: its message, with the words the
     *     context has for the settings it is about ({@link CliContext#settingNames()})
     */
    static int failure(CliContext ctx, String verb, ReleaseException e, boolean json, boolean verbose) {
        int code = ExitCodes.of(e.reason());
        String message = Flags.withSettings(e.getMessage(), e.settings(), ctx.settingNames());
        ctx.err().println("kata-release " + verb + ": " + message);
        if (verbose) {
            e.printStackTrace(ctx.err());
        }
        if (json) {
            JsonOutput.failure(ctx.out(), verb, code, e.reason(), message, details(e));
        }
        ctx.err().flush();
        return code;
    }

    /**
     * Reports an I/O error that is no fault of the file system or the network (an interrupted run,
     * a broken stream): named, but like a bug exit 1, with no JSON document.
     *
     * @return {@link ExitCodes#INTERNAL_ERROR}
     */
    static int ioError(CliContext ctx, String verb, IoFault fault, Throwable e, boolean verbose) {
        boolean hint = !verbose && fault.kind() != IoFault.Kind.INTERRUPTED;
        ctx.err().println("kata-release " + verb + ": " + fault.message()
                + (hint ? " (run with --verbose for the stack trace)" : ""));
        if (verbose) {
            e.printStackTrace(ctx.err());
        }
        ctx.err().flush();
        return ExitCodes.INTERNAL_ERROR;
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
        if (e instanceof VerifyFailedException v) {
            return v.result();
        }
        return null;
    }
}
