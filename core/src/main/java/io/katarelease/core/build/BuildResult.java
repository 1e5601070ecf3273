package io.katarelease.core.build;

import java.util.List;

/**
 * The outcome of a component build.
 *
 * @param record the build record (inputs, command, artefact), also written as JSON
 * @param artifact where the artefact now is (under the output directory)
 * @param recordFile where the record was written
 * @param series the patches applied, in order (paths in the checkout)
 * @param warnings things to read (a corrupted cache entry that was rebuilt, a failed push …)
 * @param source where the artefact came from: {@value #BUILT}, {@value #LOCAL_HIT} or {@value #REMOTE_HIT}
 * @param remote the remote cache's artefact, {@code oci://HOST/REPOSITORY@sha256:…}: the one served
 *     (remote hit) or pushed (built); null without a remote cache or when the push failed
 */
public record BuildResult(BuildRecord record, String artifact, String recordFile, List<String> series,
        List<String> warnings, String source, String remote) {
    /** Built by this run. */
    public static final String BUILT = "built";
    /** Taken from the local cache. */
    public static final String LOCAL_HIT = "local cache hit";
    /** Downloaded from the remote cache. */
    public static final String REMOTE_HIT = "remote cache hit";

    /** @return one line for logs: "built, pushed to REF@digest", "remote cache hit from REF@digest" … */
    public String describeSource() {
        return describeSource(source, remote);
    }

    /** @return the line for a source and remote entry as they appear in the JSON of a build */
    public static String describeSource(String source, String remote) {
        if (remote == null) {
            return source;
        }
        return REMOTE_HIT.equals(source) ? source + " from " + remote
                : BUILT.equals(source) ? source + ", pushed to " + remote : source;
    }
}
