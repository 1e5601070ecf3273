package io.katarelease.core.build.remote;

import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.eclipse.jgit.lib.ProgressMonitor;

/** Copies a stream while taking its digest, with a bound on what is read and progress in MiB. */
final class HashingCopy {
    private static final int BUFFER = 1 << 20;

    private HashingCopy() {}

    /**
     * @param limit the most bytes read; a longer stream stops there (its size check then fails)
     * @param expected the announced size, for progress
     * @return the bytes copied
     */
    static long copy(InputStream in, OutputStream out, MessageDigest md, long limit, long expected, Progress progress,
            String title) throws IOException {
        ProgressMonitor monitor = progress.transfer();
        int mib = (int) Math.min(Integer.MAX_VALUE, (expected + BUFFER - 1) / BUFFER);
        monitor.beginTask("downloading " + title, mib);
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        long reported = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            md.update(buffer, 0, n);
            out.write(buffer, 0, n);
            total += n;
            if (total - reported >= BUFFER) {
                monitor.update((int) ((total - reported) / BUFFER));
                reported += ((total - reported) / BUFFER) * BUFFER;
            }
        }
        if (total > reported) {
            monitor.update(1); // the last, partial MiB
        }
        monitor.endTask();
        return total;
    }
}
