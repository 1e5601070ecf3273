package io.katarelease.core.sync;

import io.katarelease.core.ReleaseException;
import java.util.List;

/** A fork ref changed between the run's fetch and its push, or the server refused an update. */
public class RemoteMovedException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final List<String> rejected;
    private final List<String> pushed;

    /**
     * @param rejected one line per ref the server refused, naming the ref and why
     * @param pushed refs that were updated before the failure (empty with an atomic push)
     */
    public RemoteMovedException(List<String> rejected, List<String> pushed) {
        super(describe(rejected, pushed));
        this.rejected = List.copyOf(rejected);
        this.pushed = List.copyOf(pushed);
    }

    /** @return one line per refused ref */
    public List<String> rejected() {
        return rejected;
    }

    /** @return refs that were updated before the failure; empty with an atomic push */
    public List<String> pushed() {
        return pushed;
    }

    private static String describe(List<String> rejected, List<String> pushed) {
        StringBuilder text = new StringBuilder("the fork changed while this run worked; its push was refused:");
        rejected.forEach(r -> text.append("\n  ").append(r));
        if (pushed.isEmpty()) {
            text.append("\nNothing was pushed.");
        } else {
            text.append("\nAlready pushed before the refusal (the server has no atomic push):");
            pushed.forEach(p -> text.append("\n  ").append(p));
        }
        text.append("\nRun again: the next run starts from the fork's new state.");
        return text.toString();
    }

    @Override
    public Reason reason() {
        return Reason.REMOTE_MOVED;
    }
}
