package io.katarelease.core.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * The header of an ELF file, as the kernel's loader reads it (elf(5)): class, byte order, type,
 * machine, and the program interpreter when the file is dynamically linked.
 *
 * @param elfClass {@code EI_CLASS}: 1 for 32-bit, 2 for 64-bit
 * @param data {@code EI_DATA}: 1 for little-endian, 2 for big-endian
 * @param type {@code e_type}: 2 {@code ET_EXEC}, 3 {@code ET_DYN} …
 * @param machine {@code e_machine}: 62 for {@code EM_X86_64}
 * @param interpreter the {@code PT_INTERP} path, or null for a statically linked file
 */
record ElfFile(int elfClass, int data, int type, int machine, String interpreter) {
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int EM_X86_64 = 62;
    private static final int PT_INTERP = 3;
    private static final int HEADER = 64;

    /**
     * @throws FormatException when the file is not ELF or is shorter than its header
     */
    static ElfFile read(Path file) throws IOException, FormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer h = read(ch, 0, (int) Math.min(HEADER, size));
            if (h.limit() < 4 || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
                byte[] first = new byte[Math.min(4, h.limit())];
                h.get(0, first);
                throw new FormatException("not an ELF file (it starts with "
                        + (first.length == 0 ? "nothing" : "bytes " + HexFormat.ofDelimiter(" ").formatHex(first))
                        + ", not 7f 45 4c 46)");
            }
            int elfClass = h.get(4);
            int data = h.get(5);
            if (elfClass == ELFCLASS64 && size < HEADER) {
                throw new FormatException("truncated: " + size + " bytes, shorter than a 64-bit ELF header ("
                        + HEADER + " bytes)");
            }
            if (elfClass != ELFCLASS64 || data != ELFDATA2LSB) {
                return new ElfFile(elfClass, data, -1, -1, null);
            }
            h.order(ByteOrder.LITTLE_ENDIAN);
            int type = Short.toUnsignedInt(h.getShort(16));
            int machine = Short.toUnsignedInt(h.getShort(18));
            return new ElfFile(elfClass, data, type, machine, interpreter(ch, size, h));
        }
    }

    /** The PT_INTERP path, from at most 64 program headers that lie inside the file. */
    private static String interpreter(FileChannel ch, long size, ByteBuffer h) throws IOException {
        long phoff = h.getLong(32);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Math.min(64, Short.toUnsignedInt(h.getShort(56)));
        if (phoff <= 0 || phentsize < 56) {
            return null;
        }
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 56 > size) {
                return null;
            }
            ByteBuffer ph = read(ch, at, 56).order(ByteOrder.LITTLE_ENDIAN);
            if (ph.getInt(0) == PT_INTERP) {
                long offset = ph.getLong(8);
                long length = Math.min(256, ph.getLong(32));
                if (offset < 0 || length <= 0 || offset + length > size) {
                    return "(an interpreter outside the file)";
                }
                ByteBuffer s = read(ch, offset, (int) length);
                byte[] bytes = new byte[s.limit()];
                s.get(0, bytes);
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, position + b.position()) > 0) {
            // until full or end of file
        }
        b.flip();
        return b;
    }

    /** @return why this is not a 64-bit little-endian x86_64 executable, or null when it is one */
    String notAnX86_64Executable() {
        if (elfClass != ELFCLASS64) {
            return "a " + (elfClass == 1 ? "32-bit" : "class " + elfClass) + " ELF file, not 64-bit";
        }
        if (data != ELFDATA2LSB) {
            return "a big-endian ELF file, not little-endian";
        }
        if (type != ET_EXEC && type != ET_DYN) {
            return "an ELF file of type " + typeName() + ", not an executable (ET_EXEC or ET_DYN)";
        }
        if (machine != EM_X86_64) {
            return "an ELF file for machine " + machine + " (" + machineName() + "), not x86_64 (62)";
        }
        return null;
    }

    /** @return "statically linked" or "dynamically linked (interpreter ...)" */
    String linkage() {
        return interpreter == null ? "statically linked" : "dynamically linked (interpreter " + interpreter + ")";
    }

    private String typeName() {
        return switch (type) {
            case 0 -> "ET_NONE";
            case 1 -> "ET_REL";
            case 4 -> "ET_CORE";
            default -> String.valueOf(type);
        };
    }

    private String machineName() {
        return switch (machine) {
            case 3 -> "i386";
            case 40 -> "ARM";
            case 183 -> "AArch64";
            case 22 -> "s390";
            case 21 -> "PowerPC 64";
            case 243 -> "RISC-V";
            default -> "unknown";
        };
    }
}
