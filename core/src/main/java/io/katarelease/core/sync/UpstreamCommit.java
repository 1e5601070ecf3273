package io.katarelease.core.sync;

/**
 * An upstream commit named in a report.
 *
 * @param id the commit id
 * @param subject the first line of its message
 */
public record UpstreamCommit(String id, String subject) {}
