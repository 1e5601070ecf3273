package io.katarelease.core.release;

import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.versions.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The release's stages, in order: sync, checkout, a build per component, package, verify,
 * publish, hand off. The one list that {@code release} runs, {@code status} reports and the
 * Jenkins release page follows.
 */
public final class ReleaseStages {
    /** The ledger name of each stage (a build's name is {@link #build(String)}). */
    public static final String SYNC = "sync";
    public static final String CHECKOUT = "checkout";
    public static final String PACKAGE = "package";
    public static final String VERIFY = "verify";
    public static final String PUBLISH = "publish";
    public static final String HAND_OFF = "hand off";
    /** The build stages' common name; one stage per component, {@code build <component>}. */
    public static final String BUILD = "build";
    private static final String BUILD_PREFIX = BUILD + " ";
    /**
     * The stages' order as one compile-time constant, builds as {@link #BUILD}: the Jenkins plugin,
     * which has no engine class at run time, gets it copied in through the agent protocol.
     */
    public static final String ORDER = SYNC + "," + CHECKOUT + "," + BUILD + "," + PACKAGE + "," + VERIFY + ","
            + PUBLISH + "," + HAND_OFF;
    /** The sync record's input naming the components the release builds, comma-separated. */
    static final String COMPONENTS = "components";

    /**
     * The values the hand-off passes on, by the names the downstream job takes them as (the
     * Jenkins library's {@code ReleaseConfig.downstreamParameters} spells the same; a test holds
     * the two together).
     */
    public static final List<String> HAND_OFF_VALUES = List.of(HandOffStage.RELEASE_TAG, HandOffStage.ASSET_URL,
            HandOffStage.ASSET_SHA256);

    /** The components a release builds unless told otherwise. */
    public static final List<String> DEFAULT_TARGETS = List.of(Component.QEMU.id(), Component.KERNEL.id());

    private ReleaseStages() {}

    /** @return the ledger name of a component's build ({@code build qemu}) */
    public static String build(String target) {
        return BUILD_PREFIX + target;
    }

    /** @return the stages that release {@code targets}, in the order they run */
    static List<ReleaseStage> of(List<String> targets) {
        return List.of(new SyncStage(), new CheckoutStage(), new BuildStage(targets), new PackageStage(),
                new VerifyStage(), new PublishStage(), new HandOffStage());
    }

    /** @return every stage name of a release of {@code targets}, in order */
    public static List<String> names(List<String> targets) {
        List<String> names = new ArrayList<>();
        of(targets).forEach(s -> names.addAll(s.names()));
        return names;
    }

    /**
     * @return the components a ledger's release builds: those its sync recorded, then any other it
     *     recorded a build of (ledgers of older versions name none at sync); the defaults when neither
     */
    public static List<String> targetsOf(Ledger ledger) {
        Set<String> targets = new LinkedHashSet<>();
        ledger.last(SYNC).map(s -> s.inputs().get(COMPONENTS)).filter(c -> !c.isEmpty())
                .ifPresent(c -> targets.addAll(List.of(c.split(","))));
        ledger.stages().keySet().stream().filter(n -> n.startsWith(BUILD_PREFIX))
                .forEach(n -> targets.add(n.substring(BUILD_PREFIX.length())));
        return targets.isEmpty() ? DEFAULT_TARGETS : List.copyOf(targets);
    }

    /**
     * A stage as the ledger knows it.
     *
     * @param name the stage
     * @param record its last record, or null when it has not finished
     */
    public record Status(String name, Ledger.Stage record) {
        /** @return whether the stage has finished (with the inputs of its last run) */
        public boolean done() {
            return record != null;
        }
    }

    /** @return every stage of the ledger's release in order, each with its record when it has one */
    public static List<Status> status(Ledger ledger) {
        Map<String, Ledger.Stage> recorded = new LinkedHashMap<>(ledger.stages());
        List<Status> status = new ArrayList<>();
        for (String name : names(targetsOf(ledger))) {
            status.add(new Status(name, recorded.remove(name)));
        }
        // A stage this version does not know (written by another version) is shown, not hidden.
        recorded.forEach((name, record) -> status.add(new Status(name, record)));
        return status;
    }
}
