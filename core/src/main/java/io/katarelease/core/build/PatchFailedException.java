package io.katarelease.core.build;

import io.katarelease.core.ReleaseException;

/** A patch of the series does not apply to the component's source, with kata's semantics. */
public class PatchFailedException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final String patch;
    private final String output;

    /**
     * @param patch the failing patch's path in the checkout
     * @param position its position in the series (1-based) and the series' length, as "3 of 5"
     * @param output what GNU patch said (the failing hunks)
     */
    public PatchFailedException(String patch, String position, String output) {
        super("patch " + position + ", " + patch + ", does not apply to the source with 'patch -p1' (as kata applies"
                + " it):\n  " + output.strip().replace("\n", "\n  ")
                + "\nRefresh the patch against this source version, or drop it, then build again.");
        this.patch = patch;
        this.output = output;
    }

    /** @return the failing patch's path */
    public String patch() {
        return patch;
    }

    /** @return GNU patch's output */
    public String output() {
        return output;
    }

    @Override
    public Reason reason() {
        return Reason.PATCH_FAILED;
    }
}
