package io.katarelease.jenkins.testing;

import hudson.model.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** Pipeline jobs as users write them (sandboxed scripts), and what their builds printed. */
public final class Pipelines {
    private Pipelines() {}

    /** @return a Groovy single-quoted string literal holding exactly {@code value} */
    public static String q(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    public static WorkflowJob job(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    public static WorkflowJob job(Jenkins jenkins, String name, String script) throws Exception {
        WorkflowJob job = jenkins.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** Runs a new job's first build to the end and checks its result. */
    public static WorkflowRun build(JenkinsRule r, String name, String script, Result expected) throws Exception {
        WorkflowJob job = job(r, name, script);
        return r.assertBuildStatus(expected, job.scheduleBuild2(0));
    }

    /**
     * The {@code key=value} words a build echoed on lines starting with {@code prefix}, e.g. a line
     * "{@code result qemu.fromCache=false qemu.sha256=ab..}" gives both keys.
     */
    public static Map<String, String> echoed(WorkflowRun run, String prefix) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        Pattern word = Pattern.compile("([A-Za-z0-9_.]+)=(\\S*)");
        for (String line : JenkinsRule.getLog(run).split("\n")) {
            if (line.startsWith(prefix + " ")) {
                Matcher m = word.matcher(line.substring(prefix.length()));
                while (m.find()) {
                    values.put(m.group(1), m.group(2));
                }
            }
        }
        return values;
    }
}
