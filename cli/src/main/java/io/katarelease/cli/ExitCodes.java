package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's exit codes, one per condition, and what each means: the one place {@code --help}'s
 * list ({@link Main#run}) is made from. docs/cli.md repeats the table for readers.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INVALID_INPUT = 3;
    public static final int NOT_FOUND = 4;
    public static final int CONFLICT = 5;
    public static final int REMOTE_MOVED = 6;
    public static final int AUTHENTICATION = 7;
    public static final int REMOTE_UNAVAILABLE = 8;
    public static final int UNSUPPORTED_HISTORY = 9;
    public static final int PUSH_REJECTED = 10;
    public static final int BUILD_FAILED = 11;
    public static final int PATCH_FAILED = 12;
    public static final int ASSET_CONFLICT = 13;
    public static final int VERIFY_FAILED = 14;
    public static final int BUSY = 15;
    public static final int STATE_DAMAGED = 16;
    public static final int NO_SPACE = 17;
    public static final int PERMISSION_DENIED = 18;
    public static final int READ_ONLY = 19;
    public static final int NAME_TOO_LONG = 20;

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        describe(OK, "success (also: nothing to do, the fork already holds the release)");
        describe(INTERNAL_ERROR, "internal error (a bug: run with --verbose and report it), or an I/O error that is"
                + " no fault of the disk or network (named in the message)");
        describe(USAGE, "usage error (unknown option, missing argument)");
        describe(INVALID_INPUT, "invalid input (malformed tag, ref name, URL or pattern)");
        describe(NOT_FOUND, "not found (tag, branch or repository)");
        describe(CONFLICT, "conflict (a fork commit does not apply; nothing was pushed)");
        describe(REMOTE_MOVED, "the fork moved under the lease (nothing was pushed)");
        describe(AUTHENTICATION, "authentication failed");
        describe(REMOTE_UNAVAILABLE, "remote unavailable (network, server error)");
        describe(UNSUPPORTED_HISTORY, "unsupported history (merge commits in the patch branch)");
        describe(PUSH_REJECTED, "the fork's server refused the push (protected branch, token permission, hook)");
        describe(BUILD_FAILED, "a component build failed (its exit code and last output lines are printed)");
        describe(PATCH_FAILED, "a patch does not apply to the component's source (the patch and hunk are named)");
        describe(ASSET_CONFLICT, "the release already has a same-name asset with other content (nothing uploaded; see --replace)");
        describe(VERIFY_FAILED, "a check of the release tarball failed (the checks are printed; nothing was published)");
        describe(BUSY, "another run holds the state or output directory (its pid, host and start are named; nothing changed)");
        describe(STATE_DAMAGED, "a ledger or recorded result is damaged or from a newer version (the file is named; see --discard-damaged-state)");
        describe(NO_SPACE, "no space left on a file system (the path is named; nothing partial is kept)");
        describe(PERMISSION_DENIED, "permission denied on a path (named)");
        describe(READ_ONLY, "a path is on a read-only file system (named)");
        describe(NAME_TOO_LONG, "a file name or path is too long for the file system (named)");
    }

    private ExitCodes() {}

    private static void describe(int code, String text) {
        DESCRIPTIONS.put(String.valueOf(code), text);
    }

    /** @return code to meaning, in order, as picocli's exit code list takes it */
    static Map<String, String> descriptions() {
        return Collections.unmodifiableMap(DESCRIPTIONS);
    }

    /** @return the exit code for an engine condition */
    public static int of(ReleaseException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> INVALID_INPUT;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case REMOTE_MOVED -> REMOTE_MOVED;
            case AUTHENTICATION -> AUTHENTICATION;
            case REMOTE_UNAVAILABLE -> REMOTE_UNAVAILABLE;
            case UNSUPPORTED_HISTORY -> UNSUPPORTED_HISTORY;
            case PUSH_REJECTED -> PUSH_REJECTED;
            case BUILD_FAILED -> BUILD_FAILED;
            case PATCH_FAILED -> PATCH_FAILED;
            case ASSET_CONFLICT -> ASSET_CONFLICT;
            case VERIFY_FAILED -> VERIFY_FAILED;
            case BUSY -> BUSY;
            case STATE_DAMAGED -> STATE_DAMAGED;
            case NO_SPACE -> NO_SPACE;
            case PERMISSION_DENIED -> PERMISSION_DENIED;
            case READ_ONLY -> READ_ONLY;
            case NAME_TOO_LONG -> NAME_TOO_LONG;
        };
    }
}
