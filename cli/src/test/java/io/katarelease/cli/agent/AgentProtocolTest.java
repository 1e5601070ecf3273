package io.katarelease.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.cli.ExitCodes;
import java.io.DataInputStream;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI's side of the agent protocol holds what the plugin compiles in: the runner's class, the
 * Java it needs, exit codes the launch script may use, and only values javac can copy.
 */
class AgentProtocolTest {
    @Test
    void theRunnerClassIsTheRunner() {
        assertThat(AgentProtocol.RUNNER_CLASS).isEqualTo(AgentRunner.class.getName());
    }

    @Test
    void theLaunchScriptsExitCodesAreNoCliExitCode() throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                f.setAccessible(true);
                codes.add(f.getInt(null));
            }
        }
        assertThat(codes).isNotEmpty().doesNotContain(AgentProtocol.NO_JAVA_EXIT, AgentProtocol.WRONG_JAR_EXIT);
        assertThat(AgentProtocol.NO_JAVA_EXIT).isNotEqualTo(AgentProtocol.WRONG_JAR_EXIT);
    }

    @Test
    void theRunnerIsCompiledForTheJavaTheScriptLooksFor() throws Exception {
        try (InputStream in = AgentRunner.class.getResourceAsStream("AgentRunner.class");
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor
            assertThat(data.readUnsignedShort() - 44).as("class file major version - 44").isEqualTo(AgentProtocol.MIN_JAVA);
        }
    }

    /** A field that is not a constant would be read from the CLI class, which the controller does not have. */
    @Test
    void everyValueIsAConstantThePluginCanCompileIn() {
        for (Field f : AgentProtocol.class.getDeclaredFields()) {
            assertThat(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())).as(f.getName()).isTrue();
            assertThat(f.getType() == String.class || f.getType() == int.class).as(f.getName()).isTrue();
        }
    }
}
