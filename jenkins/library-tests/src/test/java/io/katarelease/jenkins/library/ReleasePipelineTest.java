package io.katarelease.jenkins.library;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.BooleanParameterValue;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.StringParameterValue;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.core.testing.RegistryServer;
import io.katarelease.jenkins.testing.ReleasePages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * This repository's shared library ({@code vars/}, {@code src/}, {@code resources/}) configured
 * as users configure it, a global library retrieved from a git repository, and the release job
 * as a declarative pipeline on an agent labelled {@code x86_64 docker}: against the sandbox's
 * kata-shaped upstream and fork, its offline build command, and the GitHub-shaped server.
 */
@WithJenkins
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReleasePipelineTest {
    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    static {
        Libraries.allowLocalCheckouts();
    }

    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";
    private static final String TOKEN = "ghp_releasePipelineTestToken012345678";

    @TempDir
    Path tmp;
    private Sandbox sandbox;
    private FakeGitHub github;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
        github = new FakeGitHub("example/kata-containers", TOKEN);
        github.addTag(RELEASE_TAG);
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private void configureLibrary(JenkinsRule r) throws Exception {
        Libraries.configure(r, tmp);
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "kata-release-github", "release bot",
                        "x-access-token", TOKEN));
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "kata-release-git", "git bot",
                        "x-access-token", TOKEN));
    }

    /** A build that fails for a component while its marker file exists: a broken build, then fixed. */
    private Path failMarker(String component) {
        return tmp.resolve("fail-" + component);
    }

    /** The root Jenkinsfile, pointed at the sandbox and the GitHub-shaped server. */
    private String jenkinsfile(boolean defaultCron) throws Exception {
        return jenkinsfile(defaultCron, "");
    }

    /** @param extra more settings, each ending with a comma and a newline */
    private String jenkinsfile(boolean defaultCron, String extra) throws Exception {
        String text = Files.readString(Path.of("../..", "Jenkinsfile"));
        String settings = "forkUrl: " + q(sandbox.forkUrl()) + ",\n    upstreamUrl: " + q(sandbox.upstreamUrl())
                + ",\n    githubRepo: 'example/kata-containers',\n    githubApiUrl: " + q(github.apiUrl())
                + ",\n    buildCommand: " + q("if [ -e " + tmp.resolve("fail-") + "{component} ]; then echo broken build;"
                        + " exit 3; fi; " + Sandbox.BUILD_COMMAND) + ",\n    buildCache: "
                + q(tmp.resolve("build-cache").toString()) + ",\n    since: '4.1.0'," + (defaultCron ? "" : "\n    tagWatchCron: '',") + "\n    " + extra;
        String replaced = text.replace("forkUrl: 'https://github.com/digitalocean/kata-containers.git',", settings);
        assertThat("the Jenkinsfile names the fork as the test expects", replaced, not(equalTo(text)));
        return replaced;
    }

    private WorkflowJob releaseJob(JenkinsRule r) throws Exception {
        return releaseJob(r, false);
    }

    /** @param defaultCron keep the library's tag-watch schedule (other tests switch it off, so that no build starts on its own) */
    private WorkflowJob releaseJob(JenkinsRule r, boolean defaultCron) throws Exception {
        return releaseJob(r, defaultCron, "");
    }

    private WorkflowJob releaseJob(JenkinsRule r, boolean defaultCron, String extraSettings) throws Exception {
        configureLibrary(r);
        // Two executors: the QEMU and kernel stages really run at once (in two workspaces).
        hudson.slaves.DumbSlave agent = new hudson.slaves.DumbSlave("builder",
                tmp.resolve("agent").toString(), r.createComputerLauncher(null));
        agent.setNumExecutors(2);
        agent.setLabelString("x86_64 docker");
        r.jenkins.addNode(agent);
        r.waitOnline(agent);
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "kata-containers-release");
        job.setDefinition(new CpsFlowDefinition(jenkinsfile(defaultCron, extraSettings), true));
        return job;
    }

    private static WorkflowRun run(JenkinsRule r, WorkflowJob job, Result expected, ParameterValue... values)
            throws Exception {
        return r.assertBuildStatus(expected, job.scheduleBuild2(0, new ParametersAction(values)));
    }

    private Map<String, String> forkRefs() throws Exception {
        try (Repository fork = new FileRepositoryBuilder().setGitDir(sandbox.dir().resolve("fork.git").toFile()).build()) {
            Map<String, String> refs = new TreeMap<>();
            for (Ref ref : fork.getRefDatabase().getRefs()) {
                refs.put(ref.getName(), ref.getObjectId().name());
            }
            return refs;
        }
    }

    @Test
    void aManualReleaseRunsEveryStageAndPublishes(JenkinsRule r) throws Exception {
        WorkflowJob job = releaseJob(r);

        WorkflowRun b = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));

        r.assertLogContains("[Pipeline] stage", b);
        assertThat(b.getDisplayName(), containsString(RELEASE_TAG));
        assertThat(b.getDescription(), equalTo(RELEASE_TAG + " published"));
        assertThat(forkRefs().keySet(), hasItem("refs/tags/" + RELEASE_TAG));
        assertThat(github.assetBytes(RELEASE_TAG, RELEASE_TAG + "-x86_64.tar.xz") != null, is(true));
        ReleasePages.assertPublishedPage(r, b, RELEASE_TAG);
    }

    @Test
    void theTagWatchFindsNothingToDoOnceTheReleaseExists(JenkinsRule r) throws Exception {
        WorkflowJob job = releaseJob(r);
        run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));
        Map<String, String> before = forkRefs();

        WorkflowRun watch = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", ""));

        r.assertLogContains("kataUpstreamTags", watch);
        assertThat(watch.getDescription(), equalTo("no new upstream tag"));
        r.assertLogContains("Stage \"Sync fork\" skipped due to when conditional", watch);
        assertThat(forkRefs(), equalTo(before));
    }

    @Test
    void aDryRunPushesBuildsAndPublishesNothingAndTheJobIsDeclaredAsDocumented(JenkinsRule r) throws Exception {
        WorkflowJob job = releaseJob(r, true);
        Map<String, String> before = forkRefs();

        WorkflowRun b = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"),
                new BooleanParameterValue("DRY_RUN", true));

        assertThat(b.getDisplayName(), containsString(RELEASE_TAG + " (dry run)"));
        r.assertLogContains("Stage \"Build\" skipped due to when conditional", b);
        r.assertLogContains("Stage \"Release\" skipped due to when conditional", b);
        assertThat(forkRefs(), equalTo(before));
        assertThat(github.releases().isEmpty(), is(true));
        // What the declarative directives made of the job: parameters, the tag watch, one build at a time.
        hudson.model.ParametersDefinitionProperty declared = job.getProperty(hudson.model.ParametersDefinitionProperty.class);
        assertThat(declared.getParameterDefinitionNames(), equalTo(List.of("UPSTREAM_TAG", "FORK_URL", "SUFFIX",
                "DRY_RUN", "COMPONENTS", "DOWNSTREAM_JOB", "REMOTE_CACHE")));
        // No remoteCache setting: no default (Jenkins keeps an empty default as null).
        assertThat(hudson.Util.fixNull(((hudson.model.StringParameterDefinition) declared
                .getParameterDefinition("REMOTE_CACHE")).getDefaultValue()), equalTo(""));
        assertThat(((hudson.model.StringParameterDefinition) declared.getParameterDefinition("FORK_URL"))
                .getDefaultValue(), equalTo(sandbox.forkUrl()));
        assertThat(job.isConcurrentBuild(), is(false));
        org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty triggers = job.getProperty(
                org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty.class);
        assertThat(triggers.getTriggers().size(), is(1));
        assertThat(((hudson.triggers.TimerTrigger) triggers.getTriggers().get(0)).getSpec(), equalTo("H H/6 * * *"));
    }

    @Test
    void aConflictFailsWithTheReportAndPushesNothing(JenkinsRule r) throws Exception {
        // A fork commit that changes the versions.yaml line upstream changed between 4.0.0 and 4.1.0.
        File clone = tmp.resolve("clone").toFile();
        try (Git git = Git.cloneRepository().setURI(sandbox.forkUrl()).setBranch("do/main").setDirectory(clone).call()) {
            Path yaml = clone.toPath().resolve("versions.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("da8d93f2797088a5f0636c8c1eeb31da73784fe8",
                    "0000000000000000000000000000000000000000"));
            git.commit().setAll(true).setMessage("guest-components: pin our own build").setSign(false).call();
            git.push().setRemote("origin").add("do/main").call();
        }
        WorkflowJob job = releaseJob(r);
        Map<String, String> before = forkRefs();

        WorkflowRun b = run(r, job, Result.FAILURE, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));

        r.assertLogContains("CONFLICT, exit 5", b);
        r.assertLogContains("guest-components: pin our own build", b);
        r.assertLogContains("release: Bump version to 4.1.0", b);
        r.assertLogNotContains("[Pipeline] kataBuildQemu", b);
        assertThat(forkRefs(), equalTo(before));
        assertThat(github.releases().isEmpty(), is(true));
    }

    @Test
    void anUnknownComponentFailsBeforeAnythingIsPushed(JenkinsRule r) throws Exception {
        WorkflowJob job = releaseJob(r);
        Map<String, String> before = forkRefs();

        WorkflowRun b = run(r, job, Result.FAILURE, new StringParameterValue("UPSTREAM_TAG", "4.1.0"),
                new StringParameterValue("COMPONENTS", "qemu,firecracker"));

        r.assertLogContains("unknown component(s) [firecracker]", b);
        r.assertLogNotContains("[Pipeline] kataSyncFork", b);
        assertThat(forkRefs(), equalTo(before));
    }

    @Test
    void aReleaseThatFailedInABuildIsResumedByTheNextRun(JenkinsRule r) throws Exception {
        WorkflowJob job = releaseJob(r);
        Files.writeString(failMarker("kernel"), "");

        WorkflowRun broken = run(r, job, Result.FAILURE, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));

        r.assertLogContains("broken build", broken);
        r.assertLogContains("BUILD_FAILED, exit 11", broken);
        assertThat(broken.getDescription(), containsString("re-run the build to resume"));
        assertThat(github.releases().isEmpty(), is(true));
        Map<String, String> synced = forkRefs();
        assertThat(synced.keySet(), hasItem("refs/tags/" + RELEASE_TAG));

        Files.delete(failMarker("kernel"));
        WorkflowRun resumed = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));

        // The fork was synced already and QEMU's build is in the cache: only the kernel is built.
        assertThat(forkRefs(), equalTo(synced));
        assertThat(resumed.getDisplayName(), containsString(RELEASE_TAG));
        r.assertLogNotContains("qemu | built qemu", resumed);
        r.assertLogContains("kernel | built kernel", resumed);
        assertThat(github.assetBytes(RELEASE_TAG, RELEASE_TAG + "-x86_64.tar.xz") != null, is(true));
    }

    @Test
    void theSuffixParameterNamesTheReleaseAndBothBuildsRunInParallel(JenkinsRule r) throws Exception {
        github.addTag("4.1.0-acme-0");
        WorkflowJob job = releaseJob(r);

        WorkflowRun b = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"),
                new StringParameterValue("SUFFIX", "acme"));

        assertThat(forkRefs().keySet(), hasItem("refs/tags/4.1.0-acme-0"));
        assertThat(b.getDescription(), equalTo("4.1.0-acme-0 published"));
        assertThat(github.assetBytes("4.1.0-acme-0", "4.1.0-acme-0-x86_64.tar.xz") != null, is(true));
        // The two build stages held the agent's two executors at the same time (two workspaces).
        r.assertLogContains("workspace/kata-containers-release@2", b);
    }

    @Test
    void agentsShareBuildsThroughARegistryThatAsksForAPassword(JenkinsRule r) throws Exception {
        assumeTrue(RegistryServer.available(), "docker-registry is not installed");
        String password = "Registry-pa55-in-jenkins";
        try (RegistryServer registry = RegistryServer.start(tmp.resolve("registry"), Map.of("ci", password))) {
            String cache = registry.reference("platform/kata-cache");
            WorkflowJob job = releaseJob(r, false, "remoteCache: " + q(cache) + ",\n    remoteCacheCredentialsId: 'kata-cache',\n");
            CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                    new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "kata-cache", "registry robot", "ci",
                            password));

            WorkflowRun first = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));
            r.assertLogContains("qemu | built qemu", first);
            r.assertLogContains("(built, pushed to " + cache + "@sha256:", first);
            r.assertLogNotContains("was not pushed", first);
            // The agent is gone with its cache, as a Kubernetes pod would be.
            FileUtils.deleteDirectory(tmp.resolve("build-cache").toFile());

            WorkflowRun second = run(r, job, Result.SUCCESS, new StringParameterValue("UPSTREAM_TAG", "4.1.0"));
            r.assertLogNotContains("qemu | built qemu", second);
            r.assertLogNotContains("kernel | built kernel", second);
            assertThat(JenkinsRule.getLog(second).split("remote cache hit from " + java.util.regex.Pattern.quote(cache)
                    + "@sha256:", -1).length - 1, is(greaterThanOrEqualTo(2)));
            for (WorkflowRun b : List.of(first, second)) {
                r.assertLogNotContains(password, b);
            }
            assertThat(github.assetBytes(RELEASE_TAG, RELEASE_TAG + "-x86_64.tar.xz") != null, is(true));
        }
    }
}
