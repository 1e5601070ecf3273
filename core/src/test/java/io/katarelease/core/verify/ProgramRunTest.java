package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A program that cannot start is named in one wording, whichever JDK runs the verification. */
class ProgramRunTest {
    @Test
    void startFailuresReadTheSameOnEveryJdk() {
        String jdk17 = "Cannot run program \"/x/qemu\" (in directory \"/x\"): error=2, No such file or directory";
        String jdk25 = "Cannot run program \"/x/qemu\" (in directory \"/x\"): Exec failed, error: 2 (No such file or directory) ";
        assertThat(ProgramRun.startFailure(jdk17)).isEqualTo("error=2, No such file or directory");
        assertThat(ProgramRun.startFailure(jdk25)).isEqualTo("error=2, No such file or directory");
        assertThat(ProgramRun.startFailure("Cannot run program \"/x\": error=13, Permission denied"))
                .isEqualTo("error=13, Permission denied");
        assertThat(ProgramRun.startFailure("something else")).isEqualTo("something else");
    }
}
