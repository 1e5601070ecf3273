package io.katarelease.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.remote.RemoteCacheException;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RegistryCredentials;
import io.katarelease.core.build.remote.RegistryReference;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryServer;
import io.katarelease.core.versions.Component;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache commands on real entries: builds of a kata-shaped checkout with the fake build
 * command, pushed to a real registry on loopback, and a release ledger naming one of the keys.
 */
@ExtendWith(RegistryExtension.class)
class CacheCommandTest {
    static final String RELEASE = "4.1.0-fork.1";

    @TempDir
    Path tmp;

    RegistryServer registry;
    RegistryCache remote;
    KataCheckout kata;
    Path cache;
    Path state;

    @BeforeEach
    void entriesInBothLevels(RegistryServer registry) throws Exception {
        this.registry = registry;
        remote = RegistryCache.open(RegistryReference.parse(registry.reference("kata-cache"), false),
                RegistryCredentials.anonymous());
        kata = new KataCheckout(tmp.resolve("kata"));
        cache = tmp.resolve("cache");
        state = tmp.resolve("state");
    }

    private BuildResult build(Component c) throws Exception {
        return new BuildCommand().setCheckout(kata.dir).setComponent(c).setCacheDir(cache)
                .setCommand(KataCheckout.BUILD).setRemoteCache(remote).call();
    }

    private <C extends CacheCommand<C, T>, T> C levels(C command) {
        return command.setCacheDir(cache).setStateDir(state).setRemoteCache(remote);
    }

    private String qemuReleased() throws Exception {
        String key = build(Component.QEMU).record().cacheKey();
        Ledger.open(state, RELEASE).record("build qemu", Map.of("cacheKey", key), Map.of("artifact", "x"),
                Instant.now());
        return key;
    }

    @Test
    void listsBothLevelsWithTheReleasesThatUsedEachKeyAndAForeignTag() throws Exception {
        String qemu = qemuReleased();
        String kernel = build(Component.KERNEL).record().cacheKey();
        pushForeignImage("not-ours");

        CacheListCommand.Result r = levels(new CacheListCommand()).call();

        assertThat(r.entries()).extracting(CacheEntry::level, CacheEntry::component, CacheEntry::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("local", "kernel", kernel),
                org.assertj.core.groups.Tuple.tuple("local", "qemu", qemu),
                org.assertj.core.groups.Tuple.tuple("remote", "kernel", kernel),
                org.assertj.core.groups.Tuple.tuple("remote", "qemu", qemu));
        assertThat(r.entries()).filteredOn(e -> e.component().equals("qemu"))
                .allSatisfy(e -> assertThat(e.releases()).containsExactly(RELEASE));
        assertThat(r.entries()).filteredOn(e -> e.component().equals("kernel"))
                .allSatisfy(e -> assertThat(e.releases()).isEmpty());
        assertThat(r.entries()).allSatisfy(e -> {
            assertThat(e.version()).isNotBlank();
            assertThat(e.size()).isPositive();
            assertThat(e.builtAt()).isNotNull();
            assertThat(e.lastUsedAt()).isNotNull();
        });
        assertThat(r.entries().get(1).location()).isEqualTo(cache.resolve("qemu").resolve(qemu).toString());
        assertThat(r.entries().get(3).location()).startsWith(registry.reference("kata-cache") + "@sha256:");
        assertThat(r.foreign()).extracting(ForeignTag::tag).containsExactly("not-ours");
    }

    @Test
    void inspectsOneEntryInBothLevelsByShortKeyOrTag() throws Exception {
        String qemu = qemuReleased();
        build(Component.KERNEL);

        CacheInspectCommand.Result r = levels(new CacheInspectCommand()).setQuery(qemu.substring(0, 16)).call();

        assertThat(r.entries()).extracting(i -> i.entry().level()).containsExactly("local", "remote");
        assertThat(r.entries()).allSatisfy(i -> {
            assertThat(i.record().cacheKey()).isEqualTo(qemu);
            assertThat(i.record().inputs()).anySatisfy(in -> assertThat(in.name()).isEqualTo(KataCheckout.QEMU_PATCH));
        });
        assertThat(r.entries().get(1).annotations()).containsEntry("io.katarelease.cache-key", qemu);
        assertThat(levels(new CacheInspectCommand()).setQuery("qemu-" + qemu).call().entries()).hasSize(2);
        assertThatThrownBy(() -> levels(new CacheInspectCommand()).setQuery("kernel-" + qemu).call())
                .hasMessageContaining("cache ls");
    }

    @Test
    void prunesOldEntriesOfBothLevelsButNotThoseABuildHolds() throws Exception {
        String qemu = qemuReleased();
        String kernel = build(Component.KERNEL).record().cacheKey();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));

        CachePruneCommand.Result young = levels(new CachePruneCommand()).setUnusedFor("30d").call();
        assertThat(young.removed()).isEmpty();
        assertThat(young.kept()).isEqualTo(4);

        CachePruneCommand.Result dry = levels(new CachePruneCommand()).setUnusedFor("30d").setClock(later)
                .setDryRun(true).call();
        assertThat(dry.removed()).hasSize(4);
        assertThat(dry.bytesFreed()).isEqualTo(dry.removed().stream().mapToLong(CacheEntry::size).sum()).isPositive();
        assertThat(levels(new CacheListCommand()).call().entries()).hasSize(4);

        ExecutorService builder = Executors.newSingleThreadExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Future<?> holding = builder.submit(() -> {
            try (ArtifactCache.Lock lock = new ArtifactCache(cache).lock("kernel", kernel)) {
                held.countDown();
                done.await();
            }
            return null;
        });
        held.await();
        CachePruneCommand.Result pruned;
        try {
            pruned = levels(new CachePruneCommand()).setUnusedFor("30d").setClock(later).call();
        } finally {
            done.countDown();
            holding.get();
            builder.shutdown();
        }
        assertThat(pruned.removed()).extracting(CacheEntry::key).containsExactly(qemu, qemu);
        assertThat(pruned.skipped()).extracting(s -> s.entry().key()).containsExactly(kernel, kernel);
        assertThat(Files.exists(cache.resolve("qemu").resolve(qemu))).isFalse();

        CachePruneCommand.Result rest = levels(new CachePruneCommand()).setAll(true).call();
        assertThat(rest.removed()).extracting(CacheEntry::key).containsExactly(kernel, kernel);
        assertThat(levels(new CacheListCommand()).call().entries()).isEmpty();
    }

    @Test
    void aRegistryWithoutDeletesIsNamedWithWhatToEnableAndLosesNothing() throws Exception {
        String qemu = build(Component.QEMU).record().cacheKey();
        registry.stop();
        registry.restart(false);

        assertThatThrownBy(() -> levels(new CachePruneCommand()).setAll(true).setLevels(false, true).call())
                .isInstanceOf(RemoteCacheException.class)
                .hasMessageContaining("does not allow deleting (HTTP 405 UNSUPPORTED) qemu-")
                .hasMessageContaining("storage.delete.enabled: true")
                .satisfies(e -> assertThat(((RemoteCacheException) e).reason())
                        .isEqualTo(ReleaseException.Reason.REMOTE_UNAVAILABLE));
        // Both levels still hold the entry, and the local one was not touched by a remote-only prune.
        assertThat(levels(new CacheListCommand()).call().entries()).extracting(CacheEntry::key)
                .containsExactly(qemu, qemu);
    }

    @Test
    void aLocalHitRenewsTheEntrysLastUse() throws Exception {
        String key = build(Component.QEMU).record().cacheKey();
        Path entry = cache.resolve("qemu").resolve(key);
        Instant old = Instant.now().minus(Duration.ofDays(40));
        Files.setLastModifiedTime(entry, FileTime.from(old));
        CacheListCommand local = new CacheListCommand().setCacheDir(cache).setStateDir(state);
        assertThat(Instant.parse(local.call().entries().get(0).lastUsedAt())).isBefore(old.plusSeconds(1));

        assertThat(build(Component.QEMU).source()).isEqualTo(BuildResult.LOCAL_HIT);

        Instant used = Instant.parse(new CacheListCommand().setCacheDir(cache).setStateDir(state).call().entries()
                .get(0).lastUsedAt());
        assertThat(used).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void durationsAreCheckedAndNamedWhenBad() throws Exception {
        assertThat(CachePruneCommand.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(CachePruneCommand.parseDuration("1w12h")).isEqualTo(Duration.ofHours(180));
        for (String bad : List.of("", "30", "thirty days", "12x", "-1d")) {
            assertThatThrownBy(() -> CachePruneCommand.parseDuration(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> new CachePruneCommand().setCacheDir(cache).setStateDir(state).call())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unused period");
    }

    /** A plain OCI image (the empty config as its only layer): a tag that is not ours. */
    private void pushForeignImage(String tag) throws Exception {
        String empty = "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:"
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}";
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + empty + ",\"layers\":[" + empty + "]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/v2/kata-cache/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
