package io.katarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one ordered list of stages, and what status reads from a ledger file through it. */
class ReleaseStagesTest {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void theStagesRunInTheReleaseOrderWithABuildPerComponent() {
        assertThat(ReleaseStages.names(List.of("qemu", "kernel", "agent"))).containsExactly("sync", "checkout",
                "build qemu", "build kernel", "build agent", "package", "verify", "publish", "hand off");
        assertThat(ReleaseStages.names(ReleaseStages.DEFAULT_TARGETS)).containsExactly("sync", "checkout",
                "build qemu", "build kernel", "package", "verify", "publish", "hand off");
    }

    @Test
    void theOrderConstantThatJenkinsGetsIsTheListItself() {
        List<String> expanded = new java.util.ArrayList<>();
        for (String stage : ReleaseStages.ORDER.split(",")) {
            if (stage.equals(ReleaseStages.BUILD)) {
                ReleaseStages.DEFAULT_TARGETS.forEach(t -> expanded.add(ReleaseStages.build(t)));
            } else {
                expanded.add(stage);
            }
        }
        assertThat(expanded).isEqualTo(ReleaseStages.names(ReleaseStages.DEFAULT_TARGETS));
    }

    @Test
    void statusListsEveryStageOfTheComponentsTheSyncRecordedAndWhatIsStillToDo() throws Exception {
        Ledger ledger = Ledger.open(tmp, "4.1.0-digitalocean-0");
        ledger.record("sync", Map.of("tag", "4.1.0", "components", "agent,qemu"), Map.of("releaseCommit", "c"), NOW);
        ledger.record("checkout", Map.of("releaseCommit", "c"), Map.of("dir", "/x"), NOW);
        ledger.record("build agent", Map.of("cacheKey", "k"), Map.of("sha256", "s"), NOW);

        List<ReleaseStages.Status> status = ReleaseStages.status(Ledger.open(tmp, "4.1.0-digitalocean-0"));

        assertThat(status).extracting(ReleaseStages.Status::name).containsExactly("sync", "checkout", "build agent",
                "build qemu", "package", "verify", "publish", "hand off");
        assertThat(status).filteredOn(ReleaseStages.Status::done).extracting(ReleaseStages.Status::name)
                .containsExactly("sync", "checkout", "build agent");
        assertThat(status.get(2).record().outputs()).containsEntry("sha256", "s");
    }

    @Test
    void aLedgerOfAnOlderVersionGivesItsComponentsByItsBuilds() throws Exception {
        Ledger ledger = Ledger.open(tmp, "t");
        ledger.record("sync", Map.of("tag", "4.1.0"), Map.of(), NOW);
        ledger.record("build kernel", Map.of(), Map.of(), NOW);
        ledger.record("build runtime", Map.of(), Map.of(), NOW);

        assertThat(ReleaseStages.targetsOf(Ledger.open(tmp, "t"))).containsExactly("kernel", "runtime");
        assertThat(ReleaseStages.targetsOf(Ledger.open(tmp, "new"))).isEqualTo(ReleaseStages.DEFAULT_TARGETS);
    }

    @Test
    void aStageThisVersionDoesNotKnowIsShownLastNotHidden() throws Exception {
        Ledger ledger = Ledger.open(tmp, "t");
        ledger.record("sign", Map.of(), Map.of("by", "someone"), NOW);
        ledger.record("sync", Map.of("tag", "4.1.0"), Map.of(), NOW);

        List<ReleaseStages.Status> status = ReleaseStages.status(Ledger.open(tmp, "t"));

        assertThat(status.get(status.size() - 1).name()).isEqualTo("sign");
        assertThat(status.get(status.size() - 1).done()).isTrue();
        assertThat(status.get(0).done()).isTrue();
    }

    @Test
    void theLedgerWritesEachRecordsFieldsSortedSoTheFileReadsTheSameEveryRun() throws Exception {
        Ledger ledger = Ledger.open(tmp, "t");
        ledger.record("package", Map.of("qemu", "1", "kernel", "2", "releaseCommit", "3"), Map.of("z", "1", "a", "2"),
                NOW);

        String text = Files.readString(ledger.file());

        assertThat(text.indexOf("\"kernel\"")).isLessThan(text.indexOf("\"qemu\""));
        assertThat(text.indexOf("\"qemu\"")).isLessThan(text.indexOf("\"releaseCommit\""));
        assertThat(text.indexOf("\"a\"")).isLessThan(text.indexOf("\"z\""));
    }
}
