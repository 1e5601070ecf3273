package io.katarelease.jenkins.credentials;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.jenkins.steps.KataPublishReleaseStep;
import io.katarelease.jenkins.testing.Pipelines;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Credentials picked by id reach the CLI (the GitHub-shaped server accepts only the right
 * token), folder credentials only in their folder, and no form of a token reaches the log or the
 * build's files, even when a server echoes it back.
 */
@WithJenkins
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CredentialsTest {
    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    /** Characters that quoting, URL-encoding and base64 each write differently. */
    private static final String TOKEN = "ghp_s3cr/t+tok'en$x=y";
    private static final String TAG = "4.1.0-digitalocean-0";

    @TempDir
    Path tmp;
    private FakeGitHub github;

    @BeforeEach
    void setUp() throws Exception {
        github = new FakeGitHub("example/kata-containers", TOKEN);
        github.addTag(TAG);
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    @Test
    void usernamePasswordAndSecretTextArePickedById(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        addGlobal(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "gh-pair", "app", "x-access-token", TOKEN));
        addGlobal(r, new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-text", "pat", Secret.fromString(TOKEN)));
        addGlobal(r, new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-wrong", "old", Secret.fromString("ghp_revoked0000")));
        for (String id : List.of("gh-pair", "gh-text")) {
            WorkflowRun b = Pipelines.build(r, "publish-" + id, publish(id, "notes-" + id), Result.SUCCESS);
            r.assertLogContains("kataPublishRelease: " + TAG, b);
            assertClean(r, b);
        }
        assertThat(github.releases().get(0).path("assets").size(), is(2));
        WorkflowRun wrong = Pipelines.build(r, "publish-wrong", publish("gh-wrong", "notes"), Result.FAILURE);
        r.assertLogContains("AUTHENTICATION, exit 7", wrong);
        r.assertLogNotContains("ghp_revoked0000", wrong);
    }

    @Test
    void folderCredentialsServeOnlyTheirFolder(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        Folder team = r.jenkins.createProject(Folder.class, "team");
        folderStore(team).addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "team-token", "team", Secret.fromString(TOKEN)));
        WorkflowJob inside = team.createProject(WorkflowJob.class, "release");
        inside.setDefinition(new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition(publish("team-token", "notes"), true));
        WorkflowRun ok = r.assertBuildStatusSuccess(inside.scheduleBuild2(0));
        assertClean(r, ok);
        WorkflowRun outside = Pipelines.build(r, "outside", publish("team-token", "notes"), Result.FAILURE);
        r.assertLogContains("credentials 'team-token' were not found for outside", outside);
    }

    @Test
    void everyFormOfTheTokenIsMasked(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        addGlobal(r, new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-text", "pat", Secret.fromString(TOKEN)));
        github.fault("GET /repos/", FakeGitHub.Fault.ECHO_CREDENTIALS);
        WorkflowRun b = Pipelines.build(r, "echoed", publish("gh-text", "notes"), Result.FAILURE);
        // The server did echo it in forms the CLI's own check for the token does not see: the
        // progress line and the step's failure quote the message, with each form masked.
        r.assertLogContains("GitHub answered 422", b);
        r.assertLogContains("Validation Failed for credentials (url ****, base64 ****)", b);
        assertClean(r, b);
    }

    @Test
    void theFormListsUsableCredentialsAndChecksTheChoice(JenkinsRule r) throws Exception {
        addGlobal(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "gh-pair", "app", "x-access-token", TOKEN));
        addGlobal(r, new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-text", "pat", Secret.fromString(TOKEN)));
        addGlobal(r, new FileCredentialsImpl(CredentialsScope.GLOBAL, "kubeconfig", "a file", "config",
                com.cloudbees.plugins.credentials.SecretBytes.fromBytes(new byte[] {1})));
        Folder team = r.jenkins.createProject(Folder.class, "team");
        folderStore(team).addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "team-token", "team", Secret.fromString(TOKEN)));
        WorkflowJob inside = team.createProject(WorkflowJob.class, "release");
        WorkflowJob outside = r.jenkins.createProject(WorkflowJob.class, "outside");
        KataPublishReleaseStep.DescriptorImpl d = r.jenkins.getDescriptorByType(KataPublishReleaseStep.DescriptorImpl.class);

        assertThat(values(d.doFillCredentialsIdItems(inside, "")), containsInAnyOrder("", "gh-pair", "gh-text", "team-token"));
        assertThat(values(d.doFillCredentialsIdItems(outside, "")), containsInAnyOrder("", "gh-pair", "gh-text"));
        assertThat(d.doCheckCredentialsId(inside, "team-token").kind, is(FormValidation.Kind.OK));
        assertThat(d.doCheckCredentialsId(outside, "team-token").kind, is(FormValidation.Kind.ERROR));
        assertThat(d.doCheckCredentialsId(outside, "kubeconfig").kind, is(FormValidation.Kind.ERROR));
        assertThat(d.doCheckCredentialsId(outside, "").getMessage(), containsString("No credentials"));
        assertThat(d.doCheckCredentialsId(outside, "${TOKEN_ID}").kind, is(FormValidation.Kind.WARNING));

        // Someone who may only read the job sees no list and learns nothing from the check.
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader"));
        try (ACLContext ctx = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThat(values(d.doFillCredentialsIdItems(outside, "gh-pair")), equalTo(List.of("gh-pair")));
            assertThat(d.doCheckCredentialsId(outside, "nope").kind, is(FormValidation.Kind.OK));
        }
    }

    @Test
    void registryCredentialsReachTheVariableTheirTypeNamesAndAreMaskedWholeAndInPart(JenkinsRule r) throws Exception {
        addGlobal(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "reg-pair", "robot", "kata+ci", TOKEN));
        addGlobal(r, new StringCredentialsImpl(CredentialsScope.GLOBAL, "reg-text", "bearer", Secret.fromString(TOKEN)));
        addGlobal(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "reg-colon", "bad", "a:b", TOKEN));
        WorkflowRun b = Pipelines.build(r, "lookup", "echo 'no step'", Result.SUCCESS);

        Secrets.Handed pair = Secrets.lookUpRegistry("reg-pair", b);
        assertThat(pair.variable(), equalTo("KATA_RELEASE_REGISTRY_CREDENTIALS"));
        assertThat(pair.value(), equalTo("kata+ci:" + TOKEN));
        Secrets.Handed text = Secrets.lookUpRegistry("reg-text", b);
        assertThat(text.variable(), equalTo("KATA_RELEASE_REGISTRY_TOKEN"));
        assertThat(text.value(), equalTo(TOKEN));

        String log = "login " + pair.value() + " basic " + Base64.getEncoder().encodeToString(
                pair.value().getBytes(StandardCharsets.UTF_8)) + " password " + TOKEN + " url "
                + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8) + " user kata+ci";
        assertThat(Secrets.maskPattern(pair.masked()).matcher(log).replaceAll("****"),
                equalTo("login **** basic **** password **** url **** user kata+ci"));

        String colon = org.junit.jupiter.api.Assertions.assertThrows(hudson.AbortException.class,
                () -> Secrets.lookUpRegistry("reg-colon", b)).getMessage();
        assertThat(colon, containsString("credentials 'reg-colon': the username holds a ':'"));
        String missing = org.junit.jupiter.api.Assertions.assertThrows(hudson.AbortException.class,
                () -> Secrets.lookUpRegistry("nope", b)).getMessage();
        assertThat(missing, containsString("remote cache credentials 'nope' were not found for lookup"));
    }

    private String publish(String credentialsId, String file) throws Exception {
        return "node('x86_64') {\n"
                + "  writeFile file: 'release/" + file + ".txt', text: 'release notes'\n"
                + "  kataPublishRelease(releaseTag: '" + TAG + "', assets: 'release', verify: false,"
                + " githubRepo: 'example/kata-containers', githubApiUrl: " + q(github.apiUrl()) + ", credentialsId: "
                + q(credentialsId) + ")\n"
                + "}";
    }

    /** No form of the token in the log, nor in any file of the build (program state, logs, actions). */
    private static void assertClean(JenkinsRule r, WorkflowRun b) throws Exception {
        List<String> forms = List.of(TOKEN, URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
        for (String form : forms) {
            r.assertLogNotContains(form, b);
            try (var files = Files.walk(b.getRootDir().toPath())) {
                assertThat(form, files.filter(Files::isRegularFile).filter(f -> holds(f, form)).toList(), is(empty()));
            }
        }
    }

    private static boolean holds(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void addGlobal(JenkinsRule r, Credentials c) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(), c);
    }

    private static CredentialsStore folderStore(Folder folder) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
            if (store.getProvider() instanceof FolderCredentialsProvider && store.getContext() == folder) {
                return store;
            }
        }
        throw new AssertionError("no credentials store in folder " + folder.getFullName());
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
