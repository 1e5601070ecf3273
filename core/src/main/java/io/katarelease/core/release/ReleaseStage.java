package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import java.io.IOException;
import java.util.List;

/**
 * One named stage of a release, in the order {@link ReleaseStages} gives. A stage reads what the
 * stages before it produced from the {@link ReleaseRun} and leaves its own output there; it asks
 * the ledger whether it is done (finished with the same inputs) and then skips, saying why.
 */
interface ReleaseStage {
    /** @return the stage's name, which is also its name in the ledger */
    String name();

    /** @return the names this stage records in the ledger: its own, or one per component for the builds */
    default List<String> names() {
        return List.of(name());
    }

    /** Does the stage, or skips it when the ledger says it is done, and adds what it did to the run. */
    void run(ReleaseRun run) throws ReleaseException, IOException;

    /** In a dry run: works out and adds what {@link #run} would do, changing nothing. */
    void plan(ReleaseRun run) throws ReleaseException, IOException;
}
