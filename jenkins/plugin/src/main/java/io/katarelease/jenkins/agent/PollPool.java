package io.katarelease.jenkins.agent;

import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The threads every running kata-release step polls its agent from: a few daemon threads, shared
 * by all steps, none held between polls, and gone when Jenkins stops.
 */
@Restricted(NoExternalUse.class)
public final class PollPool {
    private static ScheduledThreadPoolExecutor pool;

    private PollPool() {}

    static synchronized ScheduledThreadPoolExecutor get() {
        if (pool == null) {
            pool = new ScheduledThreadPoolExecutor(8, new NamingThreadFactory(new DaemonThreadFactory(), "kata-release"));
            pool.setKeepAliveTime(1, TimeUnit.MINUTES);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    @Terminator
    public static synchronized void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
