package io.katarelease.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.build.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a local release directory, the embedded default. */
class LocalPublishTest {
    static final String TAG = "4.1.0-digitalocean-0";

    @TempDir
    Path tmp;

    Path assets;
    Path releases;

    @BeforeEach
    void assets() throws Exception {
        assets = Files.createDirectories(tmp.resolve("assets"));
        Files.write(assets.resolve(TAG + "-x86_64.tar.xz"), new byte[300_000]);
        Files.writeString(assets.resolve("SHA256SUMS"), "abc  " + TAG + "-x86_64.tar.xz\n");
        Files.writeString(assets.resolve(".hidden.part"), "never published");
        releases = tmp.resolve("releases");
    }

    private PublishCommand publish() {
        return new PublishCommand().setReleaseTag(TAG).setAssets(assets).setHost(new LocalReleaseHost(releases));
    }

    private JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(releases.resolve(TAG).resolve("release.json").toFile());
    }

    @Test
    void publishesEveryAssetAndThenThePublicRelease() throws Exception {
        Files.writeString(tmp.resolve("notes.md"), "# " + TAG + "\n");

        PublishResult r = publish().setNotes(tmp.resolve("notes.md")).call();

        assertThat(r.draft()).isFalse();
        assertThat(r.uploaded()).containsExactly(TAG + "-x86_64.tar.xz", "SHA256SUMS");
        assertThat(r.assets()).extracting(ReleaseHost.Asset::sha256)
                .contains(Digests.sha256(assets.resolve(TAG + "-x86_64.tar.xz")));
        assertThat(releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz")).hasSameBinaryContentAs(
                assets.resolve(TAG + "-x86_64.tar.xz"));
        assertThat(releases.resolve(TAG).resolve("notes.md")).hasContent("# " + TAG);
        assertThat(releases.resolve(TAG).resolve(".hidden.part")).doesNotExist();
        assertThat(manifest().get("draft").asBoolean()).isFalse();
    }

    @Test
    void aRerunKeepsEverythingAndUploadsNothing() throws Exception {
        publish().call();

        PublishResult again = publish().call();

        assertThat(again.uploaded()).isEmpty();
        assertThat(again.kept()).containsExactlyInAnyOrder("SHA256SUMS", TAG + "-x86_64.tar.xz");
        assertThat(manifest().get("assets")).hasSize(2);
    }

    @Test
    void aRunKilledAfterOneUploadIsCompletedByTheNextWithoutDuplicates() throws Exception {
        ReleaseHost dying = new DyingHost(new LocalReleaseHost(releases), 1);
        assertThatThrownBy(() -> publish().setHost(dying).call()).hasMessageContaining("killed");
        assertThat(manifest().get("draft").asBoolean()).isTrue();
        assertThat(manifest().get("assets")).hasSize(1);

        PublishResult r = publish().call();

        assertThat(r.kept()).hasSize(1);
        assertThat(r.uploaded()).hasSize(1);
        assertThat(r.draft()).isFalse();
        assertThat(manifest().get("assets")).hasSize(2);
        try (Stream<Path> files = Files.list(releases.resolve(TAG))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("release.json", "SHA256SUMS", TAG + "-x86_64.tar.xz");
        }
    }

    @Test
    void aSameNameAssetWithOtherContentStopsTheRunUnlessReplaced() throws Exception {
        publish().call();
        Files.writeString(assets.resolve("SHA256SUMS"), "def  other\n");

        assertThatThrownBy(() -> publish().call())
                .isInstanceOfSatisfying(AssetConflictException.class, e -> {
                    assertThat(e.names()).containsExactly("SHA256SUMS");
                    assertThat(e.getMessage()).contains("nothing was uploaded", "the option to replace assets");
                    assertThat(e.settings()).containsExactly(Setting.REPLACE_ASSETS, Setting.RELEASE_TAG);
                });
        assertThat(releases.resolve(TAG).resolve("SHA256SUMS")).hasContent("abc  " + TAG + "-x86_64.tar.xz");

        PublishResult replaced = publish().setReplace(true).call();

        assertThat(replaced.uploaded()).containsExactly("SHA256SUMS");
        assertThat(releases.resolve(TAG).resolve("SHA256SUMS")).hasContent("def  other");
    }

    @Test
    void aDraftStaysADraftAndAMissingAssetIsUploadedAgain() throws Exception {
        publish().setDraft(true).call();
        assertThat(manifest().get("draft").asBoolean()).isTrue();
        Files.delete(releases.resolve(TAG).resolve("SHA256SUMS"));

        PublishResult r = publish().call();

        assertThat(r.uploaded()).containsExactly("SHA256SUMS");
        assertThat(r.draft()).isFalse();
    }

    @Test
    void badInputIsAClearError() throws Exception {
        assertThatThrownBy(() -> publish().setReleaseTag("../x").call()).hasMessageContaining("not a valid git ref name");
        assertThatThrownBy(() -> publish().setAssets(Files.createDirectories(tmp.resolve("none"))).call())
                .hasMessageContaining("no files in");
    }

    @Test
    void anAssetPickedUpByNameThatIsALinkIsRefusedAndNothingIsPublished() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("id_rsa"), "PRIVATE KEY");
        Files.createSymbolicLink(assets.resolve("extra.txt"), hostFile);

        assertThatThrownBy(() -> publish().call())
                .isInstanceOf(io.katarelease.core.InvalidInputException.class)
                .hasMessageContaining("extra.txt")
                .hasMessageContaining("symbolic link")
                .hasMessageContaining(hostFile.toString());
        assertThat(releases.resolve(TAG)).doesNotExist();
    }

    @Test
    void linksPlantedInTheReleaseDirectoryAreReplacedNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "host file");
        Path dir = Files.createDirectories(releases.resolve(TAG));
        for (String n : List.of(TAG + "-x86_64.tar.xz", "SHA256SUMS", "release.json", "notes.md")) {
            Files.createSymbolicLink(dir.resolve(n), victim);
        }
        Files.writeString(tmp.resolve("notes.md"), "# notes\n");

        publish().setNotes(tmp.resolve("notes.md")).call();

        assertThat(victim).hasContent("host file");
        for (String n : List.of(TAG + "-x86_64.tar.xz", "SHA256SUMS", "release.json", "notes.md")) {
            assertThat(Files.isSymbolicLink(dir.resolve(n))).as(n).isFalse();
        }
        assertThat(dir.resolve(TAG + "-x86_64.tar.xz")).hasSameBinaryContentAs(assets.resolve(TAG + "-x86_64.tar.xz"));
    }

    /** A host that dies (like a killed process) after a number of uploads. */
    private static final class DyingHost implements ReleaseHost {
        private final ReleaseHost real;
        private int uploadsLeft;

        DyingHost(ReleaseHost real, int uploads) {
            this.real = real;
            this.uploadsLeft = uploads;
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public Optional<Release> find(String tag) throws ReleaseException, IOException {
            return real.find(tag);
        }

        @Override
        public Release createDraft(String tag, String notes) throws ReleaseException, IOException {
            return real.createDraft(tag, notes);
        }

        @Override
        public Asset upload(Release release, Path file, String sha256) throws ReleaseException, IOException {
            if (uploadsLeft-- == 0) {
                throw new IOException("killed");
            }
            return real.upload(release, file, sha256);
        }

        @Override
        public void delete(Release release, Asset asset) throws ReleaseException, IOException {
            real.delete(release, asset);
        }

        @Override
        public Release publish(Release release) throws ReleaseException, IOException {
            return real.publish(release);
        }
    }
}
