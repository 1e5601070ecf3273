package io.katarelease.jenkins.results;

import java.util.List;
import java.util.Map;

/**
 * What a finished step reports.
 *
 * @param result the map the step returns to the pipeline (null when it failed)
 * @param summary lines for the build log
 * @param failure the failure message (with the evidence, e.g. the conflict report), or null
 */
public record StepOutcome(Map<String, Object> result, List<String> summary, String failure) {}
