package io.katarelease.jenkins.steps;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.jenkins.testing.Pipelines;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
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
 * Every step in a Pipeline on a real agent, as a release job runs them: against the sandbox's
 * kata-shaped upstream and fork (real repositories, real versions.yaml), the sandbox's build
 * script, and the GitHub-shaped server; each step's returned map is checked against what it did.
 */
@WithJenkins
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReleaseStepsTest {
    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";
    private static final String TARBALL = RELEASE_TAG + "-x86_64.tar.xz";
    private static final String TOKEN = "ghp_releaseStepsTestToken0123456789";

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

    @Test
    void theStepsCutAReleaseOnAnAgent(JenkinsRule r) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "github", "release bot", "x-access-token", TOKEN));
        DumbSlave agent = r.createOnlineSlave(Label.get("x86_64"));
        String releases = tmp.resolve("releases").toString();
        String cache = tmp.resolve("build-cache").toString();
        String script = "node('x86_64') {\n"
                + "  def tags = kataUpstreamTags(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ")\n"
                + "  echo \"result tags.pending=${tags.pending.join(',')} tags.released=${tags.released.join(',')}\"\n"
                + "  def plan = kataSyncFork(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl())
                + ", tag: '4.1.0', dryRun: true)\n"
                + "  echo \"result plan.releaseTag=${plan.releaseTag}\"\n"
                + "  def sync = kataSyncFork(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl())
                + ", tag: '4.1.0')\n"
                + "  echo \"result sync.releaseTag=${sync.releaseTag} sync.releaseBranch=${sync.releaseBranch}"
                + " sync.releaseCommit=${sync.releaseCommit} sync.carried=${sync.carried.size()}"
                + " sync.subject0=${sync.carried[0].subject.replace(' ', '_')}\"\n"
                + "  sh \"git clone -q --branch ${sync.releaseTag} " + sandbox.forkUrl() + " kata\"\n"
                + "  def qemu = kataBuildQemu(checkout: 'kata', cache: " + q(cache) + ", command: "
                + q(Sandbox.BUILD_COMMAND.replace("{component}", "qemu")) + ")\n"
                + "  echo \"result qemu.component=${qemu.component} qemu.artifact=${qemu.artifact} qemu.sha256=${qemu.sha256}"
                + " qemu.fromCache=${qemu.fromCache}\"\n"
                + "  def kernel = kataBuildKernel(checkout: 'kata', cache: " + q(cache) + ", command: "
                + q(Sandbox.BUILD_COMMAND.replace("{component}", "kernel")) + ")\n"
                + "  def again = kataBuildKernel(checkout: 'kata', cache: " + q(cache) + ", command: "
                + q(Sandbox.BUILD_COMMAND.replace("{component}", "kernel")) + ")\n"
                + "  echo \"result kernel.fromCache=${kernel.fromCache} again.fromCache=${again.fromCache}"
                + " again.sameSha=${again.sha256 == kernel.sha256}\"\n"
                + "  def pkg = kataPackageRelease(releaseTag: sync.releaseTag, artifacts: 'kata/build', repo: 'kata', out: 'release')\n"
                + "  echo \"result pkg.artifact=${pkg.artifact} pkg.sha256=${pkg.sha256}\"\n"
                + "  def verified = kataVerifyRelease(asset: pkg.artifact, repo: 'kata', ref: sync.releaseTag)\n"
                + "  echo \"result verify.passed=${verified.passed} verify.checks=${verified.checks.size()}\"\n"
                + "  def dir = kataPublishRelease(releaseTag: sync.releaseTag, assets: 'release', toDir: " + q(releases)
                + ", repo: 'kata')\n"
                + "  echo \"result dir.artifact=${dir.artifact} dir.sha256=${dir.sha256} dir.verified=${dir.verify.passed}\"\n"
                + "  def gh = kataPublishRelease(releaseTag: sync.releaseTag, assets: 'release', repo: 'kata',"
                + " githubRepo: 'example/kata-containers', githubApiUrl: " + q(github.apiUrl()) + ", credentialsId: 'github')\n"
                + "  echo \"result gh.releaseUrl=${gh.releaseUrl} gh.assetUrl=${gh.assetUrl} gh.sha256=${gh.sha256}"
                + " gh.assets=${gh.assets.size()}\"\n"
                + "}\n";
        WorkflowRun b = Pipelines.build(r, "release", script, Result.SUCCESS);
        Map<String, String> out = Pipelines.echoed(b, "result");
        FilePath ws = agent.getWorkspaceFor((WorkflowJob) b.getParent());

        assertThat(List.of(out.get("tags.pending").split(",")), hasItem("4.1.0"));
        assertThat(List.of(out.get("tags.pending").split(",")), not(hasItem("3.32.0")));
        assertThat(out.get("plan.releaseTag"), is(RELEASE_TAG));

        assertThat(out.get("sync.releaseTag"), is(RELEASE_TAG));
        assertThat(out.get("sync.releaseBranch"), is("do/4.1.0"));
        assertThat(forkRef("refs/tags/" + RELEASE_TAG + "^{}"), is(out.get("sync.releaseCommit")));
        assertThat(Integer.parseInt(out.get("sync.carried")) > 0, is(true));
        assertThat(out.get("sync.subject0").isBlank(), is(false));

        assertThat(out.get("qemu.component"), is("qemu"));
        assertThat(out.get("qemu.artifact"), is("kata/build/kata-static-qemu.tar.xz"));
        assertThat(out.get("qemu.sha256"), is(sha256(ws.child(out.get("qemu.artifact")))));
        assertThat(out.get("qemu.fromCache"), is("false"));
        assertThat(out.get("kernel.fromCache"), is("false"));
        assertThat(out.get("again.fromCache"), is("true"));
        assertThat(out.get("again.sameSha"), is("true"));

        assertThat(out.get("pkg.artifact"), is("release/" + TARBALL));
        String tarballSha = sha256(ws.child("release/" + TARBALL));
        assertThat(out.get("pkg.sha256"), is(tarballSha));
        assertThat(out.get("verify.passed"), is("true"));
        assertThat(Integer.parseInt(out.get("verify.checks")) > 3, is(true));

        assertThat(out.get("dir.artifact"), is(TARBALL));
        assertThat(out.get("dir.sha256"), is(tarballSha));
        assertThat(out.get("dir.verified"), is("true"));
        assertThat(sha256(new FilePath(Path.of(releases, RELEASE_TAG, TARBALL).toFile())), is(tarballSha));

        JsonNode release = github.releases().get(0);
        assertThat(release.path("tag_name").asText(), is(RELEASE_TAG));
        assertThat(release.path("draft").asBoolean(), is(false));
        assertThat(out.get("gh.releaseUrl"), startsWith("http"));
        assertThat(out.get("gh.assetUrl"), containsString(TARBALL));
        assertThat(out.get("gh.sha256"), is(tarballSha));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(github.assetBytes(RELEASE_TAG, TARBALL))),
                is(tarballSha));
        // The token went to GitHub and nowhere else: not the log, not the build's files.
        r.assertLogNotContains(TOKEN, b);
        assertThat(grep(b.getRootDir(), TOKEN), is(List.of()));
        // The control directories are gone; the staged CLI stays for the next step.
        FilePath controls = ws.sibling(ws.getName() + "@tmp").child("kata-release");
        assertThat(controls.listDirectories().size(), is(0));
        assertThat(controls.list("kata-release-*.jar").length, is(1));
    }

    @Test
    void aConflictFailsTheStepWithTheReportAndPushesNothing(JenkinsRule r) throws Exception {
        // A fork commit that changes the line upstream changed between 4.0.0 and 4.1.0.
        File clone = tmp.resolve("clone").toFile();
        try (Git git = Git.cloneRepository().setURI(sandbox.forkUrl()).setBranch("do/main").setDirectory(clone).call()) {
            Path yaml = clone.toPath().resolve("versions.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("da8d93f2797088a5f0636c8c1eeb31da73784fe8",
                    "0000000000000000000000000000000000000000"));
            git.commit().setAll(true).setMessage("guest-components: pin our own build").call();
            git.push().setRemote("origin").add("do/main").call();
        }
        List<String> before = forkRefs();
        r.createOnlineSlave(Label.get("x86_64"));
        WorkflowRun b = Pipelines.build(r, "conflict", "node('x86_64') {\n  kataSyncFork(upstream: " + q(sandbox.upstreamUrl())
                + ", fork: " + q(sandbox.forkUrl()) + ", tag: '4.1.0')\n  echo 'not reached'\n}", Result.FAILURE);
        r.assertLogContains("CONFLICT, exit 5", b);
        r.assertLogContains("guest-components: pin our own build", b);
        r.assertLogContains("versions.yaml", b);
        r.assertLogContains("release: Bump version to 4.1.0", b);
        r.assertLogContains("Nothing was pushed", b);
        r.assertLogNotContains("not reached", b);
        assertThat(forkRefs(), equalTo(before));
    }

    @Test
    void cliFailuresFailTheStepNamingTheValue(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        String sync = "kataSyncFork(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ", tag: ";
        WorkflowRun missing = Pipelines.build(r, "missing", "node('x86_64') { " + sync + "'9.9.9') }", Result.FAILURE);
        r.assertLogContains("kataSyncFork", missing);
        r.assertLogContains("9.9.9", missing);
        r.assertLogContains("NOT_FOUND, exit 4", missing);

        // A value that would be an option to git is one argument to the CLI, which refuses it.
        WorkflowRun hostile = Pipelines.build(r, "hostile",
                "node('x86_64') { " + sync + q("--upload-pack=touch " + tmp.resolve("pwned") + "; 4.1.0") + ") }", Result.FAILURE);
        r.assertLogContains("INVALID_INPUT, exit 3", hostile);
        assertThat(Files.exists(tmp.resolve("pwned")), is(false));
        assertThat(forkRefs().stream().anyMatch(ref -> ref.contains("9.9.9") || ref.contains("upload-pack")), is(false));

        WorkflowRun empty = Pipelines.build(r, "empty", "node('x86_64') { kataSyncFork(upstream: " + q(sandbox.upstreamUrl())
                + ", fork: ' ', tag: '4.1.0') }", Result.FAILURE);
        r.assertLogContains("kataSyncFork: the parameter 'fork' is required and was empty", empty);
        WorkflowRun both = Pipelines.build(r, "both", "node('x86_64') { kataPublishRelease(releaseTag: 'x', assets: 'release',"
                + " githubRepo: 'example/kata-containers', toDir: '/tmp/releases') }", Result.FAILURE);
        r.assertLogContains("exactly one of 'githubRepo'", both);
    }

    @Test
    void aTamperedReleaseIsNotPublished(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("x86_64"));
        WorkflowJob job = Pipelines.job(r, "tampered", "node('x86_64') {\n"
                + "  sh \"git clone -q --branch 4.0.0 " + sandbox.upstreamUrl() + " kata\"\n"
                + "  kataBuildQemu(checkout: 'kata', cache: 'cache', command: " + q(Sandbox.BUILD_COMMAND.replace("{component}", "qemu"))
                + ")\n"
                + "  kataBuildKernel(checkout: 'kata', cache: 'cache', command: "
                + q(Sandbox.BUILD_COMMAND.replace("{component}", "kernel")) + ")\n"
                + "  kataPackageRelease(releaseTag: '4.0.0-digitalocean-0', artifacts: 'kata/build', repo: 'kata', ref: '4.0.0',"
                + " out: 'release')\n"
                + "  def sums = readFile('release/SHA256SUMS')\n"
                + "  writeFile file: 'release/SHA256SUMS', text: '00000000' + sums.substring(8)\n"
                + "  kataPublishRelease(releaseTag: '4.0.0-digitalocean-0', assets: 'release', repo: 'kata', ref: '4.0.0', toDir: "
                + q(tmp.resolve("releases").toString()) + ")\n"
                + "}");
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("VERIFY_FAILED, exit 14", b);
        r.assertLogContains("SHA256SUMS", b);
        assertThat(Files.exists(tmp.resolve("releases").resolve("4.0.0-digitalocean-0")), is(false));
        assertThat(agent.getWorkspaceFor(job).child("release/4.0.0-digitalocean-0-x86_64.tar.xz").exists(), is(true));
    }

    private String forkRef(String name) throws Exception {
        try (Git git = Git.open(Path.of(java.net.URI.create(sandbox.forkUrl())).toFile())) {
            return git.getRepository().resolve(name).name();
        }
    }

    private List<String> forkRefs() throws Exception {
        return Git.lsRemoteRepository().setRemote(sandbox.forkUrl()).call().stream()
                .map(ref -> ref.getName() + " " + ref.getObjectId().name()).sorted().toList();
    }

    private static String sha256(FilePath file) throws Exception {
        try (var in = file.read()) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    /** @return the files under a directory whose bytes contain the text */
    static List<String> grep(File dir, String text) throws Exception {
        try (var files = Files.walk(dir.toPath())) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).map(Path::toString).toList();
        }
    }
}
