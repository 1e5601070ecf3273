package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    @TempDir
    Path tmp;

    private Path write(byte[] bytes) throws Exception {
        Path p = tmp.resolve("qemu-" + System.nanoTime());
        Files.write(p, bytes);
        return p;
    }

    @Test
    void aStaticX86_64ProgramIsAnExecutable() throws Exception {
        ElfFile elf = ElfFile.read(write(Images.elf("QEMU emulator version 11.0.1")));

        assertThat(elf.notAnX86_64Executable()).isNull();
        assertThat(elf.machine()).isEqualTo(62);
        assertThat(elf.type()).isEqualTo(ElfFile.ET_EXEC);
        assertThat(elf.linkage()).isEqualTo("statically linked");
    }

    @Test
    void theInterpreterOfADynamicallyLinkedProgramIsNamed() throws Exception {
        ElfFile elf = ElfFile.read(write(Images.elf("x", 62, "/lib64/ld-linux-x86-64.so.2", false)));

        assertThat(elf.notAnX86_64Executable()).isNull();
        assertThat(elf.linkage()).isEqualTo("dynamically linked (interpreter /lib64/ld-linux-x86-64.so.2)");
    }

    @Test
    void anotherMachineOrClassIsNotAnX86_64Executable() throws Exception {
        assertThat(ElfFile.read(write(Images.elf("x", Images.EM_AARCH64, null, false))).notAnX86_64Executable())
                .isEqualTo("an ELF file for machine 183 (AArch64), not x86_64 (62)");
        byte[] elf32 = Images.elf("x");
        elf32[4] = 1;
        assertThat(ElfFile.read(write(elf32)).notAnX86_64Executable()).startsWith("a 32-bit ELF file");
        byte[] relocatable = Images.elf("x");
        relocatable[16] = 1;
        assertThat(ElfFile.read(write(relocatable)).notAnX86_64Executable()).contains("ET_REL");
    }

    @Test
    void aScriptOrATruncatedFileIsNotElf() throws Exception {
        assertThatThrownBy(() -> ElfFile.read(write("#!/bin/sh\necho QEMU emulator version 11.0.1\n".getBytes())))
                .isInstanceOf(FormatException.class).hasMessageContaining("not an ELF file (it starts with bytes 23 21 2f 62");
        assertThatThrownBy(() -> ElfFile.read(write(Images.cut(Images.elf("x"), 40))))
                .isInstanceOf(FormatException.class).hasMessageContaining("truncated: 40 bytes");
        assertThatThrownBy(() -> ElfFile.read(write(new byte[0])))
                .isInstanceOf(FormatException.class).hasMessageContaining("it starts with nothing");
    }
}
