package io.katarelease.core.verify;

import java.util.List;

/**
 * What {@code verify} found: one check per property of the release tarball, each passed, failed
 * (with the reason) or skipped (with the reason it could not be checked here).
 *
 * @param asset the tarball's file name
 * @param sha256 the tarball's SHA-256
 * @param releaseTag the release tag {@code opt/kata/VERSION} must hold
 * @param versionsFrom where the expected versions came from ({@code versions.yaml at <ref>}, or the
 *     tarball's own {@code opt/kata/versions.yaml})
 * @param passed whether no check failed
 * @param checks every check, in the order they ran
 */
public record VerifyResult(String asset, String sha256, String releaseTag, String versionsFrom, boolean passed,
        List<Check> checks) {

    /** How a check ended. */
    public enum Status { PASSED, FAILED, SKIPPED }

    /**
     * One check.
     *
     * @param name what was checked ({@code tarball}, {@code ELF opt/kata/bin/qemu-system-x86_64} …)
     * @param status passed, failed or skipped
     * @param detail what was found; for a failure, the reason; for a skip, why it was not checked
     */
    public record Check(String name, Status status, String detail) {}

    /** @return a result whose {@code passed} says whether no check failed */
    public static VerifyResult of(String asset, String sha256, String releaseTag, String versionsFrom,
            List<Check> checks) {
        return new VerifyResult(asset, sha256, releaseTag, versionsFrom,
                checks.stream().noneMatch(c -> c.status() == Status.FAILED), List.copyOf(checks));
    }

    /** @return the checks with this status */
    public List<Check> with(Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /** @return "9 passed, 1 failed, 2 skipped" */
    public String summary() {
        return with(Status.PASSED).size() + " passed, " + with(Status.FAILED).size() + " failed, "
                + with(Status.SKIPPED).size() + " skipped";
    }
}
