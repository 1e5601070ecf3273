package io.katarelease.core.build;

import java.util.List;

/**
 * The outcome of a component build.
 *
 * @param record the build record (inputs, command, artefact), also written as JSON
 * @param artifact where the artefact now is (under the output directory)
 * @param recordFile where the record was written
 * @param series the patches applied, in order (paths in the checkout)
 * @param warnings things to read (a corrupted cache entry that was rebuilt, …)
 */
public record BuildResult(BuildRecord record, String artifact, String recordFile, List<String> series,
        List<String> warnings) {}
