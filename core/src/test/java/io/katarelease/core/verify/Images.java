package io.katarelease.core.verify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Real inputs for the verify tests, built byte by byte: a static x86_64 ELF program (ELF header,
 * program headers, machine code making the write and exit system calls) and a kernel image with
 * the x86 boot-protocol header, as {@code sandbox-build.sh} makes them.
 */
public final class Images {
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    private static final long BASE = 0x400000;

    private Images() {}

    /** @return a static x86_64 executable that prints {@code message} and a newline, then exits 0 */
    public static byte[] elf(String message) {
        return elf(message, EM_X86_64, null, false);
    }

    /**
     * @param machine {@code e_machine}
     * @param interpreter a {@code PT_INTERP} path (a dynamically linked program), or null
     * @param spin whether the program loops forever instead of printing
     */
    public static byte[] elf(String message, int machine, String interpreter, boolean spin) {
        byte[] msg = (message + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.US_ASCII);
        int phnum = interpreter == null ? 1 : 2;
        int code = 64 + 56 * phnum;
        int codeLength = 33;
        int interpAt = code + codeLength + msg.length;
        int size = interpAt + interp.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) machine).putInt(1);
        b.putLong(BASE + code).putLong(64).putLong(0);
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) phnum).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        if (interpreter != null) {
            // PT_INTERP comes before the loadable segment, as the loader requires
            b.putInt(3).putInt(4).putLong(interpAt).putLong(BASE + interpAt).putLong(BASE + interpAt)
                    .putLong(interp.length).putLong(interp.length).putLong(1);
        }
        b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE).putLong(size).putLong(size).putLong(4096);
        if (spin) {
            b.put(new byte[] {(byte) 0xeb, (byte) 0xfe});
            b.put(new byte[codeLength - 2]);
        } else {
            b.put(new byte[] {(byte) 0xb8, 1, 0, 0, 0, (byte) 0xbf, 1, 0, 0, 0, 0x48, (byte) 0x8d, 0x35, 16, 0, 0, 0,
                (byte) 0xba});
            b.putInt(msg.length);
            b.put(new byte[] {0x0f, 0x05, (byte) 0xb8, 60, 0, 0, 0, 0x31, (byte) 0xff, 0x0f, 0x05});
        }
        b.put(msg).put(interp);
        return b.array();
    }

    /** @return a bzImage with one setup sector, boot protocol 2.15 and 512 bytes of "kernel" */
    public static byte[] bzImage(String kernelVersion) {
        return bzImage(kernelVersion, 1, 512);
    }

    /**
     * @param setupSects the {@code setup_sects} field (0 stands for 4)
     * @param payload bytes of protected-mode code after the setup code (a multiple of 16)
     */
    public static byte[] bzImage(String kernelVersion, int setupSects, int payload) {
        int setupEnd = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        ByteBuffer b = ByteBuffer.allocate(setupEnd + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1F1, (byte) setupSects);
        b.putInt(0x1F4, payload / 16);
        b.putShort(0x1FE, (short) 0xAA55);
        b.put(0x200, (byte) 0xeb).put(0x201, (byte) 0x66);
        b.put(0x202, "HdrS".getBytes(StandardCharsets.US_ASCII));
        b.putShort(0x206, (short) 0x020F);
        b.putShort(0x20C, (short) 0x1000);
        b.putShort(0x20E, (short) (0x300 - 0x200));
        b.put(0x211, (byte) 0x01);
        b.put(0x300, (kernelVersion + "\0").getBytes(StandardCharsets.US_ASCII));
        for (int i = setupEnd; i < setupEnd + payload; i++) {
            b.put(i, (byte) (i * 31));
        }
        return b.array();
    }

    /** @return the first {@code length} bytes */
    public static byte[] cut(byte[] bytes, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, length);
        return out.toByteArray();
    }
}
