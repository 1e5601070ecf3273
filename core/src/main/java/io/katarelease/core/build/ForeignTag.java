package io.katarelease.core.build;

/**
 * A tag of the remote cache's repository that is not a kata-release artefact: listed, never
 * pruned.
 *
 * @param tag the tag
 * @param why what it lacks
 */
public record ForeignTag(String tag, String why) {}
