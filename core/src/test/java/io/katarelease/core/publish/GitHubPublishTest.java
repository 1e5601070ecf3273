package io.katarelease.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.Secret;
import io.katarelease.core.build.Digests;
import io.katarelease.core.git.AuthenticationException;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.core.testing.FakeGitHub.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a local server that answers like GitHub's release API, faults included. */
class GitHubPublishTest {
    static final String TAG = "4.1.0-digitalocean-0";
    static final String TOKEN = "ghs_publishTokenNeverShown000000";

    @TempDir
    Path tmp;

    FakeGitHub github;
    Path assets;
    Path tarball;
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        github = new FakeGitHub("do/kata-containers", TOKEN);
        github.addTag(TAG);
        assets = Files.createDirectories(tmp.resolve("assets"));
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(bytes);
        tarball = Files.write(assets.resolve(TAG + "-x86_64.tar.xz"), bytes);
        Files.writeString(assets.resolve("SHA256SUMS"), Digests.sha256(tarball) + "  " + tarball.getFileName() + "\n");
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private PublishCommand publish(String token) throws Exception {
        return new PublishCommand().setReleaseTag(TAG).setAssets(assets)
                .setHost(GitHubReleaseHost.create(github.apiUrl(), "do/kata-containers", Secret.of(token),
                        Progress.none(), waits::add));
    }

    @Test
    void theHandOffNamesEveryAssetsDownloadUrlAndSha256EvenWhereGitHubReportsNoDigest() throws Exception {
        github.withoutDigests();

        PublishResult r = publish(TOKEN).call();

        assertThat(r.releaseUrl()).isEqualTo("https://github.com/do/kata-containers/releases/tag/" + TAG);
        assertThat(r.assets()).extracting(ReleaseHost.Asset::name, ReleaseHost.Asset::url, ReleaseHost.Asset::sha256)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(TAG + "-x86_64.tar.xz", "https://github.com/do/kata-containers"
                                + "/releases/download/" + TAG + "/" + TAG + "-x86_64.tar.xz", Digests.sha256(tarball)),
                        org.assertj.core.groups.Tuple.tuple("SHA256SUMS", "https://github.com/do/kata-containers"
                                + "/releases/download/" + TAG + "/SHA256SUMS",
                                Digests.sha256(assets.resolve("SHA256SUMS"))));
    }

    @Test
    void aDraftIsCreatedFilledCheckedAndPublished() throws Exception {
        PublishResult r = publish(TOKEN).call();

        assertThat(r.draft()).isFalse();
        assertThat(r.uploaded()).containsExactly(TAG + "-x86_64.tar.xz", "SHA256SUMS");
        assertThat(github.assetBytes(TAG, TAG + "-x86_64.tar.xz")).isEqualTo(Files.readAllBytes(tarball));
        JsonNode release = github.releases().get(0);
        assertThat(release.get("name").asText()).isEqualTo(TAG);
        assertThat(release.get("draft").asBoolean()).isFalse();
        assertThat(r.assets()).extracting(ReleaseHost.Asset::url).contains(
                "https://github.com/do/kata-containers/releases/download/" + TAG + "/" + TAG + "-x86_64.tar.xz");
        // drafts are found by listing, the tag is checked, the draft created before any upload
        assertThat(github.requests()).startsWith("GET /repos/do/kata-containers/releases",
                "GET /repos/do/kata-containers/git/ref/tags/" + TAG, "POST /repos/do/kata-containers/releases");
        assertThat(github.requests()).last().isEqualTo("PATCH /repos/do/kata-containers/releases/1000");
    }

    @Test
    void aRerunUploadsNothingAndAnEarlierDraftIsAdopted() throws Exception {
        publish(TOKEN).setDraft(true).call();
        assertThat(github.releases().get(0).get("draft").asBoolean()).isTrue();

        PublishResult again = publish(TOKEN).call();

        assertThat(again.uploaded()).isEmpty();
        assertThat(again.kept()).hasSize(2);
        assertThat(again.draft()).isFalse();
        assertThat(github.releases()).hasSize(1);
        assertThat(github.releases().get(0).get("assets")).hasSize(2);
    }

    @Test
    void serverErrorsRateLimitsAndCutConnectionsAreRetried() throws Exception {
        github.fault("GET /repos/do/kata-containers/releases", Fault.SERVER_ERROR);
        github.fault("POST /repos/do/kata-containers/releases", Fault.RATE_LIMITED);
        github.fault("UPLOAD", Fault.CUT, Fault.RETRY_AFTER);

        PublishResult r = publish(TOKEN).call();

        assertThat(r.draft()).isFalse();
        assertThat(github.assetBytes(TAG, TAG + "-x86_64.tar.xz")).isEqualTo(Files.readAllBytes(tarball));
        assertThat(github.releases()).hasSize(1);
        assertThat(waits).hasSize(4);
        assertThat(waits).contains(Duration.ofSeconds(1));
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws Exception {
        github.fault("GET /repos/do/kata-containers/releases", Fault.SLOW);
        GitHubReleaseHost host = GitHubReleaseHost.create(github.apiUrl(), "do/kata-containers", Secret.of(TOKEN),
                Progress.none(), waits::add).withTimeout(Duration.ofMillis(700));

        PublishResult r = new PublishCommand().setReleaseTag(TAG).setAssets(assets).setHost(host).call();

        assertThat(r.draft()).isFalse();
        // the server answers one request at a time, so a retry may also wait out the slow answer
        assertThat(waits).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(github.releases()).hasSize(1);
    }

    @Test
    void theRemainsOfAnInterruptedUploadAreReplaced() throws Exception {
        github.fault("UPLOAD", Fault.STARTER_THEN_CUT);

        PublishResult r = publish(TOKEN).call();

        assertThat(github.assetBytes(TAG, TAG + "-x86_64.tar.xz")).isEqualTo(Files.readAllBytes(tarball));
        assertThat(github.releases().get(0).get("assets")).hasSize(2);
        assertThat(github.releases().get(0).get("assets").get(0).get("state").asText()).isEqualTo("uploaded");
        assertThat(github.requests()).anyMatch(q -> q.startsWith("DELETE /repos/do/kata-containers/releases/assets/"));
        assertThat(r.uploaded()).hasSize(2);
    }

    @Test
    void aSameNameAssetWithOtherContentStopsBeforeAnyUpload() throws Exception {
        publish(TOKEN).call();
        Files.writeString(assets.resolve("SHA256SUMS"), "different\n");
        int before = github.requests().size();

        assertThatThrownBy(() -> publish(TOKEN).call()).isInstanceOf(AssetConflictException.class);

        assertThat(github.requests().subList(before, github.requests().size()))
                .noneMatch(q -> q.startsWith("UPLOAD") || q.startsWith("DELETE"));
        PublishResult replaced = publish(TOKEN).setReplace(true).call();
        assertThat(replaced.uploaded()).containsExactly("SHA256SUMS");
        assertThat(new String(github.assetBytes(TAG, "SHA256SUMS"))).isEqualTo("different\n");
    }

    @Test
    void aMissingTagIsNotCreatedByTheRelease() throws Exception {
        PublishCommand cmd = new PublishCommand().setReleaseTag("9.9.9-digitalocean-0").setAssets(assets)
                .setHost(GitHubReleaseHost.create(github.apiUrl(), "do/kata-containers", Secret.of(TOKEN),
                        Progress.none(), waits::add));

        assertThatThrownBy(cmd::call).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("the tag 9.9.9-digitalocean-0 does not exist");
        assertThat(github.releases()).isEmpty();
    }

    @Test
    void aWrongTokenIsAnAuthenticationErrorThatDoesNotShowIt() throws Exception {
        String wrong = "ghs_wrongWrongWrong0000000000";
        assertThatThrownBy(() -> publish(wrong).call())
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN));
    }

    @Test
    void theTokenGoesToNoOtherOriginThanTheApisAndItsUploads() throws Exception {
        github.fault("GET /repos/", Fault.REDIRECT_ELSEWHERE);
        assertThatThrownBy(() -> publish(TOKEN).call()).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("the token is not sent there").hasMessageContaining(github.elsewhereUrl());

        github.fault("GET /repos/do/kata-containers/releases", Fault.LINK_ELSEWHERE);
        assertThatThrownBy(() -> publish(TOKEN).call()).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("the token is not sent there");

        github.withUploadsElsewhere();
        assertThatThrownBy(() -> publish(TOKEN).call()).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("POST").hasMessageContaining(github.elsewhereUrl());
        // Not one request reached the other origin, with or without the token.
        assertThat(github.elsewhereRequests()).isEmpty();
    }

    @Test
    void aRedirectWithinTheApiIsFollowed() throws Exception {
        github.fault("GET /repos/do/kata-containers/releases", Fault.REDIRECT_HERE);
        assertThat(publish(TOKEN).call().releaseUrl()).contains(TAG);
        assertThat(github.requests().stream().filter(r -> r.equals("GET /repos/do/kata-containers/releases")).count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void serverTextIsRedactedBeforeItIsCutShort() throws Exception {
        github.fault("GET /repos/", Fault.ECHO_CREDENTIALS);
        assertThatThrownBy(() -> publish(TOKEN).call()).isInstanceOf(GitHubApiException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("Validation Failed for credentials (url ****, base64 ****)")
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(TOKEN.getBytes()).substring(0, 12)));
    }

    @Test
    void theApiUrlIsHttpsUnlessTheServerIsThisMachine() throws Exception {
        assertThatThrownBy(() -> GitHubReleaseHost.create("http://ghe.example.com/api/v3", "o/r", Secret.of(TOKEN),
                Progress.none(), waits::add)).isInstanceOf(io.katarelease.core.InvalidInputException.class)
                .hasMessageContaining("must be https");
        assertThat(GitHubReleaseHost.create("http://127.0.0.1:8080", "o/r", Secret.of(TOKEN), Progress.none(), waits::add))
                .isNotNull();
        assertThat(GitHubReleaseHost.create("http://[::1]:8080", "o/r", Secret.of(TOKEN), Progress.none(), waits::add))
                .isNotNull();
        assertThatThrownBy(() -> GitHubReleaseHost.create("http://127.0.0.1.nip.io", "o/r", Secret.of(TOKEN),
                Progress.none(), waits::add)).hasMessageContaining("must be https");
    }

    @Test
    void badRepositoryNamesAndUrlsAreRefused() {
        assertThatThrownBy(() -> GitHubReleaseHost.create(github.apiUrl(), "../etc", Secret.of(TOKEN), Progress.none(),
                waits::add)).hasMessageContaining("must be OWNER/NAME");
        assertThatThrownBy(() -> GitHubReleaseHost.create("https://user:pw@api.github.com", "o/r", Secret.of(TOKEN),
                Progress.none(), waits::add)).hasMessageContaining("without credentials");
    }
}
