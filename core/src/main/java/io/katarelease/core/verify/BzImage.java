package io.katarelease.core.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The real-mode header of an x86 Linux kernel image, read as boot loaders (and {@code file}'s
 * magic) read it (Linux {@code Documentation/arch/x86/boot.rst}): the boot flag {@code 0xAA55} at
 * 0x1FE, {@code "HdrS"} at 0x202, the protocol version at 0x206, {@code setup_sects} at 0x1F1
 * (0 means 4), {@code syssize} at 0x1F4 (16-byte units of protected-mode code), {@code loadflags}
 * at 0x211 and the {@code kernel_version} pointer at 0x20E (the NUL-terminated string is at that
 * value plus 0x200, inside the setup code).
 *
 * @param protocol the boot protocol version ({@code 0x020F} for 2.15)
 * @param setupSects the setup code's 512-byte sectors after the boot sector
 * @param expectedSize the bytes the header accounts for: boot sector, setup code and
 *     protected-mode code
 * @param kernelVersion the kernel_version string, e.g. {@code 6.18.35 (builder@host) #1 SMP ...}
 */
record BzImage(int protocol, int setupSects, long expectedSize, String kernelVersion) {
    private static final int BOOT_FLAG = 0x1FE;
    private static final int HEADER_MAGIC = 0x202;
    private static final int HEADER_END = 0x212;
    private static final int MAX_VERSION = 512;

    /**
     * @throws FormatException when the file is not a bzImage, is truncated, or has no readable
     *     kernel_version string
     */
    static BzImage read(Path file) throws IOException, FormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            // The setup code is at most 1 + 255 sectors; nothing the header points to lies beyond.
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 256 * 512)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // until full or end of file
            }
            b.flip();
            if (size < BOOT_FLAG + 2) {
                throw new FormatException("truncated or not a kernel image: " + size
                        + " bytes, shorter than a boot sector with its boot flag (512 bytes)");
            }
            if (Short.toUnsignedInt(b.getShort(BOOT_FLAG)) != 0xAA55) {
                throw new FormatException(String.format("no boot flag 0xAA55 at 0x1FE (found 0x%04X): not an x86"
                        + " Linux boot image", Short.toUnsignedInt(b.getShort(BOOT_FLAG))));
            }
            if (size < HEADER_END) {
                throw new FormatException("truncated: " + size + " bytes, shorter than the boot-protocol header"
                        + " (0x212 bytes)");
            }
            if (b.getInt(HEADER_MAGIC) != 0x53726448) {
                throw new FormatException("no \"HdrS\" magic at 0x202: not a Linux kernel with a boot-protocol 2.00+"
                        + " header");
            }
            int protocol = Short.toUnsignedInt(b.getShort(0x206));
            if (protocol < 0x0200) {
                throw new FormatException(String.format("boot protocol %d.%02d, older than 2.00: no kernel_version",
                        protocol >> 8, protocol & 0xff));
            }
            int setupSects = Byte.toUnsignedInt(b.get(0x1F1));
            if (setupSects == 0) {
                setupSects = 4;
            }
            long setupEnd = (setupSects + 1L) * 512;
            if (size < setupEnd) {
                throw new FormatException("truncated: the header says the setup code ends at byte " + setupEnd
                        + ", the file has " + size + " bytes");
            }
            long syssize = protocol >= 0x0204 ? Integer.toUnsignedLong(b.getInt(0x1F4))
                    : Short.toUnsignedInt(b.getShort(0x1F4));
            long expected = setupEnd + syssize * 16;
            if (syssize == 0 || size < expected) {
                throw new FormatException(syssize == 0 ? "no protected-mode code (syssize 0): not a kernel image"
                        : "truncated: the header says " + expected + " bytes (setup " + setupEnd
                                + " + protected-mode code " + syssize * 16 + "), the file has " + size);
            }
            if ((b.get(0x211) & 0x01) == 0) {
                throw new FormatException("loadflags has no LOADED_HIGH bit: a zImage, not a bzImage");
            }
            return new BzImage(protocol, setupSects, expected, kernelVersion(b, setupEnd));
        }
    }

    private static String kernelVersion(ByteBuffer b, long setupEnd) throws FormatException {
        int pointer = Short.toUnsignedInt(b.getShort(0x20E));
        if (pointer == 0) {
            throw new FormatException("no kernel_version string (its pointer at 0x20E is 0)");
        }
        long at = pointer + 0x200L;
        if (at >= setupEnd || at >= b.limit()) {
            throw new FormatException(String.format("kernel_version points to 0x%X, outside the setup code"
                    + " (0x%X bytes) or the file", at, setupEnd));
        }
        int end = (int) at;
        int limit = (int) Math.min(Math.min(setupEnd, b.limit()), at + MAX_VERSION);
        while (end < limit && b.get(end) != 0) {
            byte c = b.get(end);
            if (c < 0x20 || c > 0x7e) {
                throw new FormatException(String.format("kernel_version at 0x%X holds a non-printable byte"
                        + " (0x%02X at 0x%X)", at, c & 0xff, end));
            }
            end++;
        }
        if (end == limit) {
            throw new FormatException(String.format("kernel_version at 0x%X is not NUL-terminated within the setup"
                    + " code", at));
        }
        if (end == at) {
            throw new FormatException(String.format("kernel_version at 0x%X is empty", at));
        }
        byte[] bytes = new byte[end - (int) at];
        b.get((int) at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** @return the kernel release: the version string up to its first space ({@code 6.18.35-nvidia-gpu}) */
    String release() {
        int space = kernelVersion.indexOf(' ');
        return space < 0 ? kernelVersion : kernelVersion.substring(0, space);
    }

    /** @return the boot protocol as {@code 2.15} */
    String protocolName() {
        return (protocol >> 8) + "." + String.format("%02d", protocol & 0xff);
    }
}
