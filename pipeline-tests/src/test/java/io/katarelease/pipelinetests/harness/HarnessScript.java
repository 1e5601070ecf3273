package io.katarelease.pipelinetests.harness;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Base class of every script the harness compiles (the Jenkinsfile and each {@code vars/*.groovy}),
 * as Jenkins's CpsScript is: a call that the script does not define itself ({@code kataSyncFork},
 * {@code checkout}, {@code error}, {@code pipeline}, a global variable of {@code vars/} ...) goes to
 * the build it runs in, which records it and runs it. Properties ({@code env}, {@code params},
 * {@code currentBuild}) come from the shared binding.
 */
public abstract class HarnessScript extends Script {
    private transient PipelineHarness.Build build;

    void attach(PipelineHarness.Build b) {
        this.build = b;
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        try {
            return super.invokeMethod(name, args);
        } catch (MissingMethodException e) {
            if (build == null || !name.equals(e.getMethod()) || e.getType() != getClass()) {
                throw e;
            }
            return build.step(name, InvokerHelper.asArray(args));
        }
    }

    /**
     * Names the binding lacks: the library's global variables (not in the binding, or Groovy would
     * call their {@code call} itself, unrecorded), then environment variables, which Jenkins
     * scripts may read by their bare name ({@code BUILD_NUMBER}).
     */
    @Override
    public Object getProperty(String property) {
        try {
            return super.getProperty(property);
        } catch (MissingPropertyException e) {
            Object var = build == null ? null : build.globalVariable(property);
            if (var == null) {
                throw e;
            }
            return var;
        }
    }
}
