package io.katarelease.core;

import java.util.List;

/**
 * The checked root of every "could not do it" outcome of the engine.
 *
 * <p>Each subclass is named after the condition and carries a {@link Reason}, which the CLI maps
 * to a distinct exit code and the Jenkins steps to a build failure. Messages are written for the
 * person running the release: they name the bad value, commit, path or ref and say what to do
 * next. They never contain a secret, and never a front end's word for a value (a flag, a step
 * parameter): they use the engine's {@link Setting} words, and list the settings they are about in
 * {@link #settings()}, which each front end names in its own words beside the message.
 */
public abstract class ReleaseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the engine stopped; one per exit code. */
    public enum Reason {
        /** A value given by the user is malformed or not allowed (tag, ref name, URL, pattern). */
        INVALID_INPUT,
        /** A tag, branch or repository named by the user does not exist. */
        NOT_FOUND,
        /** A fork commit does not apply to the new upstream base. */
        CONFLICT,
        /** A fork ref changed between fetch and push; nothing was pushed by the run. */
        REMOTE_MOVED,
        /** The server refused the credentials (or none were given where needed). */
        AUTHENTICATION,
        /** The remote could not be reached or broke off. */
        REMOTE_UNAVAILABLE,
        /** The repository holds history the engine will not rewrite (merge commits in the patch branch). */
        UNSUPPORTED_HISTORY,
        /** The server refused the push for a reason of its own (protected branch, permission, hook). */
        PUSH_REJECTED,
        /** A component build failed, or produced an artefact without what it must hold. */
        BUILD_FAILED,
        /** A patch of the series does not apply to the component's source. */
        PATCH_FAILED,
        /** The release already holds a same-name asset with other content. */
        ASSET_CONFLICT,
        /** A check of the release tarball failed: it is not fit to publish. */
        VERIFY_FAILED,
        /** Another run holds the state directory (or output directory) this run needs. */
        BUSY,
        /** A ledger, result file or cache entry is damaged or from a newer version. */
        STATE_DAMAGED,
        /** The file system is full (or the user's quota is reached). */
        NO_SPACE,
        /** The file system refused access to a path. */
        PERMISSION_DENIED,
        /** A path is on a read-only file system. */
        READ_ONLY,
        /** A file name or path is longer than the file system allows. */
        NAME_TOO_LONG,
    }

    /** The settings the message is about, for the front end to name; never null. */
    private final List<Setting> settings;

    protected ReleaseException(String message) {
        this(message, new Setting[0]);
    }

    /** @param settings what the message is about (see {@link #settings()}) */
    protected ReleaseException(String message, Setting... settings) {
        super(message);
        this.settings = List.of(settings);
    }

    protected ReleaseException(String message, Throwable cause) {
        this(message, cause, new Setting[0]);
    }

    /** @param settings what the message is about (see {@link #settings()}) */
    protected ReleaseException(String message, Throwable cause, Setting... settings) {
        super(message, cause);
        this.settings = List.of(settings);
    }

    /**
     * @return the user-given values the message is about, in the order they matter (the one to
     *     change first); empty when the message is about none
     */
    public List<Setting> settings() {
        return settings;
    }

    /** @return the condition, stable across versions (it selects the exit code) */
    public abstract Reason reason();
}
