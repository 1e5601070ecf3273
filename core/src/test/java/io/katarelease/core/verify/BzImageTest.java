package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BzImageTest {
    @TempDir
    Path tmp;

    private Path write(byte[] bytes) throws Exception {
        Path p = tmp.resolve("vmlinuz-" + System.nanoTime());
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsTheBootProtocolHeaderAndTheKernelVersionString() throws Exception {
        Path image = write(Images.bzImage("6.18.35-nvidia-gpu (builder@host) #1 SMP PREEMPT_DYNAMIC"));

        BzImage b = BzImage.read(image);

        assertThat(b.kernelVersion()).isEqualTo("6.18.35-nvidia-gpu (builder@host) #1 SMP PREEMPT_DYNAMIC");
        assertThat(b.release()).isEqualTo("6.18.35-nvidia-gpu");
        assertThat(b.protocolName()).isEqualTo("2.15");
        assertThat(b.setupSects()).isEqualTo(1);
        assertThat(b.expectedSize()).isEqualTo(Files.size(image));
    }

    @Test
    void fileReadsTheImageTheSameWay() throws Exception {
        Path image = write(Images.bzImage("6.18.35 (kata-release test)"));
        Process p;
        try {
            p = new ProcessBuilder("file", "-b", image.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no file program: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out).contains("Linux kernel x86 boot executable", "bzImage", "version 6.18.35 (kata-release test)");
    }

    @Test
    void setupSectsZeroMeansFour() throws Exception {
        BzImage b = BzImage.read(write(Images.bzImage("6.1.0", 0, 1024)));

        assertThat(b.setupSects()).isEqualTo(4);
        assertThat(b.expectedSize()).isEqualTo(5 * 512 + 1024);
    }

    @Test
    void aTruncatedImageIsRefusedWhereverItIsCut() throws Exception {
        byte[] whole = Images.bzImage("6.18.35", 4, 4096);

        assertThatThrownBy(() -> BzImage.read(write(Images.cut(whole, whole.length - 16))))
                .isInstanceOf(FormatException.class).hasMessageContaining("truncated: the header says 6656 bytes");
        assertThatThrownBy(() -> BzImage.read(write(Images.cut(whole, 2000))))
                .isInstanceOf(FormatException.class).hasMessageContaining("setup code ends at byte 2560");
        assertThatThrownBy(() -> BzImage.read(write(Images.cut(whole, 0x208))))
                .isInstanceOf(FormatException.class).hasMessageContaining("shorter than the boot-protocol header");
        assertThatThrownBy(() -> BzImage.read(write(Images.cut(whole, 300))))
                .isInstanceOf(FormatException.class).hasMessageContaining("shorter than a boot sector");
    }

    @Test
    void aFileWithoutTheHeaderIsNotABzImage() throws Exception {
        assertThatThrownBy(() -> BzImage.read(write("Linux version 6.18.35 (not an image)\n".repeat(40).getBytes())))
                .isInstanceOf(FormatException.class).hasMessageContaining("no boot flag 0xAA55");
        byte[] noMagic = Images.bzImage("6.18.35");
        noMagic[0x202] = 'X';
        assertThatThrownBy(() -> BzImage.read(write(noMagic)))
                .isInstanceOf(FormatException.class).hasMessageContaining("no \"HdrS\" magic");
        byte[] zImage = Images.bzImage("6.18.35");
        zImage[0x211] = 0;
        assertThatThrownBy(() -> BzImage.read(write(zImage)))
                .isInstanceOf(FormatException.class).hasMessageContaining("a zImage, not a bzImage");
    }

    @Test
    void aVersionPointerOutsideTheSetupCodeOrAnUnterminatedStringIsRefused() throws Exception {
        byte[] outside = Images.bzImage("6.18.35");
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putShort(0x20E, (short) 0x7000);
        assertThatThrownBy(() -> BzImage.read(write(outside)))
                .isInstanceOf(FormatException.class).hasMessageContaining("kernel_version points to 0x7200");

        byte[] none = Images.bzImage("6.18.35");
        ByteBuffer.wrap(none).order(ByteOrder.LITTLE_ENDIAN).putShort(0x20E, (short) 0);
        assertThatThrownBy(() -> BzImage.read(write(none)))
                .isInstanceOf(FormatException.class).hasMessageContaining("no kernel_version string");

        byte[] unterminated = Images.bzImage("6.18.35");
        for (int i = 0x300; i < 0x400; i++) {
            unterminated[i] = 'x';
        }
        assertThatThrownBy(() -> BzImage.read(write(unterminated)))
                .isInstanceOf(FormatException.class).hasMessageContaining("not NUL-terminated");
    }
}
