package io.katarelease.jenkins.testing;

import hudson.model.Job;
import hudson.model.Run;

/** A build, as far as the steps see one: an id to track credentials against. */
public final class FakeRun extends Run<FakeRun.FakeJob, FakeRun> {
    private final String id;

    public FakeRun(String id) {
        this.id = id;
    }

    @Override
    public String getExternalizableId() {
        return id;
    }

    /** The job the build belongs to. */
    public static final class FakeJob extends Job<FakeJob, FakeRun> {
        @Override
        public String getFullName() {
            return "kata-release-test";
        }
    }
}
