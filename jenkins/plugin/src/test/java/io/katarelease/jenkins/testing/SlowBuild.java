package io.katarelease.jenkins.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A kata checkout with nothing but versions.yaml and an empty QEMU patch directory, and a build
 * command that prints numbered lines slowly before it writes the component tarball: long enough
 * to restart Jenkins, lose an agent or abort while it runs. The command carries a marker, so a
 * test can find what it left running.
 */
public final class SlowBuild {
    public final Path checkout;
    public final String marker = "kata-test-" + UUID.randomUUID();
    private final int lines;
    private final double secondsPerLine;

    public SlowBuild(Path dir, int lines, double secondsPerLine) throws Exception {
        this.lines = lines;
        this.secondsPerLine = secondsPerLine;
        checkout = Files.createDirectories(dir.resolve("kata"));
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches/11.0.x"));
        Files.writeString(checkout.resolve("versions.yaml"),
                "assets:\n  hypervisor:\n    qemu:\n      url: \"https://github.com/qemu/qemu\"\n      version: \"v11.0.1\"\n");
    }

    /** @return the command for kataBuildQemu's {@code command} */
    public String command() {
        return ": " + marker + "; i=1; while [ $i -le " + lines + " ]; do echo line-$i; sleep " + secondsPerLine
                + "; i=$((i+1)); done; mkdir -p opt/kata/bin build && printf x > opt/kata/bin/qemu-system-x86_64"
                + " && tar -cJf build/kata-static-qemu.tar.xz opt && rm -r opt";
    }

    /** @return the Pipeline call that builds it, with a cache in the workspace */
    public String qemuStep() {
        return "kataBuildQemu(checkout: " + Pipelines.q(checkout.toString()) + ", cache: 'cache', command: "
                + Pipelines.q(command()) + ")";
    }

    public int lines() {
        return lines;
    }

    /** @return how often the build log shows each of the command's lines, by number */
    public Map<Integer, Integer> linesSeen(WorkflowRun run) throws Exception {
        Map<Integer, Integer> seen = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^qemu \\| line-(\\d+)$").matcher(JenkinsRule.getLog(run));
        while (m.find()) {
            seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        return seen;
    }

    /** @return every line 1 to {@link #lines()} once, in the form {@link #linesSeen} answers */
    public Map<Integer, Integer> everyLineOnce() {
        Map<Integer, Integer> once = new TreeMap<>();
        for (int i = 1; i <= lines; i++) {
            once.put(i, 1);
        }
        return once;
    }
}
