package io.katarelease.jenkins.release;

import io.katarelease.cli.agent.AgentProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the release page's stage table: a stage of the engine's release, in the engine's
 * order ({@link AgentProtocol#STAGE_ORDER}, copied in at compile time), with what this build's
 * steps reported for it. Worked out from the page's fields when shown, never saved.
 */
public final class StageRow {
    private final String name;
    private final boolean done;
    private final String detail;

    private StageRow(String name, boolean done, String detail) {
        this.name = name;
        this.done = done;
        this.detail = detail;
    }

    public String getName() {
        return name;
    }

    public boolean isDone() {
        return done;
    }

    /** @return "done" or "not done" */
    public String getState() {
        return done ? "done" : "not done";
    }

    public String getDetail() {
        return detail;
    }

    /** @return the page's stages in the release's order */
    static List<StageRow> of(ReleaseSummaryAction page) {
        List<StageRow> rows = new ArrayList<>();
        for (String stage : AgentProtocol.STAGE_ORDER.split(",")) {
            switch (stage) {
                // In Jenkins each agent checks the release tag out itself (kataCheckoutRelease), and
                // no kata-release step reports it: the page has nothing to say about it.
                case AgentProtocol.STAGE_CHECKOUT -> { }
                case AgentProtocol.STAGE_BUILD -> builds(page, rows);
                case AgentProtocol.STAGE_SYNC -> rows.add(row(stage, page.getSyncStatus() == null ? null
                        : page.getSyncStatus() + " " + page.getReleaseTag()));
                case AgentProtocol.STAGE_PACKAGE -> rows.add(row(stage, page.getPackagedAsset()));
                case AgentProtocol.STAGE_VERIFY -> rows.add(row(stage, page.getVerifySummary()));
                case AgentProtocol.STAGE_PUBLISH -> rows.add(row(stage, page.getReleaseUrl()));
                case AgentProtocol.STAGE_HAND_OFF -> rows.add(page.getHandOffJob() != null ? row(stage, "to " + page.getHandOffJob())
                        : new StageRow(stage, false, page.isPublished() ? "no downstream job" : ""));
                default -> rows.add(new StageRow(stage, false, ""));
            }
        }
        return rows;
    }

    private static void builds(ReleaseSummaryAction page, List<StageRow> rows) {
        if (page.getBuilds().isEmpty()) {
            rows.add(new StageRow(AgentProtocol.STAGE_BUILD, false, ""));
        }
        for (ReleaseSummaryAction.Build b : page.getBuilds()) {
            rows.add(new StageRow(AgentProtocol.STAGE_BUILD + " " + b.getComponent(), true, b.getCacheOutcome()));
        }
    }

    private static StageRow row(String stage, String detail) {
        return new StageRow(stage, detail != null, detail == null ? "" : detail);
    }
}
