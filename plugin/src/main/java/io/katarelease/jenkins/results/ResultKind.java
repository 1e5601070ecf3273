package io.katarelease.jenkins.results;

/** Which step's result a set of CLI documents becomes (see {@link ResultMaps}). */
public enum ResultKind {
    UPSTREAM_TAGS,
    SYNC,
    BUILD,
    PACKAGE,
    VERIFY,
    PUBLISH
}
