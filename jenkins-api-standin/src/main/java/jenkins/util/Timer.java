package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * STAND-IN for jenkins-core's {@code jenkins.util.Timer}: Jenkins' shared scheduler for short tasks.
 * Core's pool has 10 core threads, logs uncaught errors and (current core) runs tasks as SYSTEM;
 * the stand-in's is a plain daemon pool. {@code shutdown()} is left out.
 */
public class Timer {
    private static ScheduledExecutorService executorService;

    private Timer() {}

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            executorService = Executors.newScheduledThreadPool(4, r -> {
                Thread t = new Thread(r, "jenkins.util.Timer (stand-in)");
                t.setDaemon(true);
                return t;
            });
        }
        return executorService;
    }
}
