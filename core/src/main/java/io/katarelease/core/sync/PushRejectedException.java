package io.katarelease.core.sync;

import io.katarelease.core.ReleaseException;
import java.util.List;
import java.util.Locale;

/**
 * The fork's server refused the push for a reason of its own: a protected branch, a token
 * without the right permission, a server-side hook.
 */
public class PushRejectedException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final List<String> rejected;

    /**
     * @param rejected one line per refused ref, naming the ref and the server's message
     * @param pushed refs that were updated before the refusal (empty with an atomic push)
     */
    public PushRejectedException(List<String> rejected, List<String> pushed) {
        super(describe(rejected, pushed));
        this.rejected = List.copyOf(rejected);
    }

    /** @return one line per refused ref */
    public List<String> rejected() {
        return rejected;
    }

    private static String describe(List<String> rejected, List<String> pushed) {
        StringBuilder text = new StringBuilder("the fork's server refused the push:");
        rejected.forEach(r -> text.append("\n  ").append(r));
        text.append(pushed.isEmpty() ? "\nNothing was pushed."
                : "\nAlready pushed before the refusal (the server has no atomic push): " + String.join(", ", pushed));
        String all = String.join(" ", rejected).toLowerCase(Locale.ROOT);
        if (all.contains("workflow")) {
            text.append("\nThe push changes files under .github/workflows: the token needs the 'workflow' scope"
                    + " (classic token) or 'Workflows: write' (fine-grained token or GitHub App).");
        } else if (all.contains("protected") || all.contains("force")) {
            text.append("\nA branch protection rule forbids this update: allow force pushes for the kata-release"
                    + " identity on the patch and release branches, or lift the rule.");
        } else {
            text.append("\nCheck the token's permissions (contents: write) and the fork's branch and tag rules.");
        }
        return text.toString();
    }

    @Override
    public Reason reason() {
        return Reason.PUSH_REJECTED;
    }
}
