package io.katarelease.pipelinetests.harness;

import java.util.List;
import java.util.Map;

/**
 * One recorded step call (a Jenkins step, a symbol such as {@code scmGit}, or a global variable
 * of the library's {@code vars/}).
 *
 * @param index order of the call within the build, from 0
 * @param name the step's name
 * @param args the named arguments (empty when called with positional arguments)
 * @param positional the positional arguments (without a trailing closure body)
 * @param stage the path of the stage it ran in, e.g. {@code Build/QEMU}; empty outside any stage
 *     (the library's code before {@code pipeline}, the pipeline's own {@code post})
 * @param agent the label of the agent the enclosing stage (or an outer one) runs on; null without
 *     an agent
 */
public record StepCall(int index, String name, Map<String, Object> args, List<Object> positional, String stage,
        String agent) {
    public Object arg(String key) {
        return args.get(key);
    }

    /** The first positional argument, or the named arguments' {@code key} when called with named ones. */
    public Object argOrFirst(String key) {
        return positional.isEmpty() ? args.get(key) : positional.get(0);
    }

    @Override
    public String toString() {
        return "#" + index + " [" + stage + (agent == null ? "" : " @" + agent) + "] " + name
                + (positional.isEmpty() ? "" : positional.toString()) + (args.isEmpty() ? "" : args.toString());
    }
}
