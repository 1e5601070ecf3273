package io.katarelease.core.verify;

import io.katarelease.core.ReleaseException;

/** A check of the release tarball failed: it must not be published. Carries every check. */
public class VerifyFailedException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final transient VerifyResult result;

    public VerifyFailedException(VerifyResult result) {
        super(message(result));
        this.result = result;
    }

    private static String message(VerifyResult r) {
        StringBuilder m = new StringBuilder(r.asset() + " failed " + r.with(VerifyResult.Status.FAILED).size()
                + " of " + r.checks().size() + " checks; it must not be published:");
        for (VerifyResult.Check c : r.with(VerifyResult.Status.FAILED)) {
            m.append("\n  ").append(c.name()).append(": ").append(c.detail());
        }
        return m.toString();
    }

    /** @return every check, passed, failed and skipped */
    public VerifyResult result() {
        return result;
    }

    @Override
    public Reason reason() {
        return Reason.VERIFY_FAILED;
    }
}
