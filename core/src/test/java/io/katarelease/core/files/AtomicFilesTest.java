package io.katarelease.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkAtTheTargetIsReplacedAndWhatItPointsToIsUntouched() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "host file");
        Path target = tmp.resolve("SHA256SUMS");
        Files.createSymbolicLink(target, victim);

        AtomicFiles.writeString(target, "new\n");

        assertThat(victim).hasContent("host file");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("new");
    }

    @Test
    void aSweepLeavesAFileThisJvmIsWritingAndRemovesAnAbandonedOne() throws Exception {
        Path abandoned = Files.writeString(tmp.resolve(".asset.tar.xz.0123456789ab.part"), "half");
        try (AtomicFiles.Pending pending = AtomicFiles.create(tmp.resolve("asset.tar.xz"))) {
            pending.stream().write(new byte[] {1, 2, 3});
            // Twice: probing it once would have dropped its lock, and the second sweep would take it.
            assertThat(AtomicFiles.sweep(tmp)).isEqualTo(1);
            assertThat(AtomicFiles.sweep(tmp)).isZero();
            assertThat(pending.temporary()).exists();
            pending.commit();
        }
        assertThat(abandoned).doesNotExist();
        assertThat(tmp.resolve("asset.tar.xz")).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void aFileAnotherProcessIsWritingIsLeftByTheSweep() throws Exception {
        Path part = tmp.resolve(".x.abcdefabcdef.part");
        Files.writeString(part, "");
        // Another JVM (a single-file program) holds the file's lock, as a live writer does.
        Path program = Files.writeString(tmp.resolve("Holder.java"), "public class Holder { public static void"
                + " main(String[] a) throws Exception { var ch = java.nio.channels.FileChannel.open(java.nio.file.Path"
                + ".of(a[0]), java.nio.file.StandardOpenOption.WRITE); ch.lock(); System.out.println(\"locked\");"
                + " Thread.sleep(60000); } }");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                program.toString(), part.toString()).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");
            assertThat(AtomicFiles.sweep(tmp)).isZero();
            assertThat(part).exists();
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(AtomicFiles.sweep(tmp)).isEqualTo(1);
    }

    @Test
    void readingRefusesALinkAndAFifoWithoutBlocking() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "host file");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), victim);
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> AtomicFiles.openRegular(link)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("symbolic link").hasMessageContaining(victim.toString());
        assertThatThrownBy(() -> AtomicFiles.openRegular(fifo)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a regular file");
    }
}
