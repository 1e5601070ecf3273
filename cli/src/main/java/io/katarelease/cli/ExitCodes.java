package io.katarelease.cli;

import io.katarelease.core.ReleaseException;

/**
 * The CLI's exit codes; one per condition. docs/cli.md and {@code --help} (see
 * {@link KataReleaseCommand}'s {@code exitCodeList}) describe them.
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

    private ExitCodes() {}

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
