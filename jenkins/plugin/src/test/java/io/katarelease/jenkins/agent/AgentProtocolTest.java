package io.katarelease.jenkins.agent;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.cli.agent.StepRequest;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin and the CLI's AgentRunner speak one protocol, owned by the CLI's AgentProtocol and
 * StepKind: what the plugin writes, the runner reads; and the plugin uses the protocol's values
 * without needing a CLI class on the controller, which has none.
 */
class AgentProtocolTest {
    private static final String CLI = "io/katarelease/cli/";
    private static final String PROTOCOL = "io/katarelease/cli/agent/AgentProtocol";

    @TempDir
    Path tmp;

    @Test
    void theStepKindsAreTheRunners() {
        assertThat(Arrays.stream(StepKind.values()).map(Enum::name).toList(),
                equalTo(Arrays.stream(io.katarelease.cli.agent.StepKind.values()).map(Enum::name).toList()));
    }

    @Test
    void theRunnerReadsTheRequestThePluginWrites() throws Exception {
        for (StepKind kind : StepKind.values()) {
            CliInvocation.Launch launch = new CliInvocation("kataTest", kind,
                    List.of(List.of("tags", "--json"), List.of("sync", "--tag", "4.1.0 'quoted'")), "id", "VARIABLE")
                    .launches().get(0);
            Path file = Files.writeString(tmp.resolve(kind + ".json"),
                    launch.requestJson("kataTest", Map.of("passed", true), "VARIABLE"), StandardCharsets.UTF_8);

            StepRequest request = StepRequest.read(file);

            assertThat(request.function(), equalTo("kataTest"));
            assertThat(request.kind().name(), equalTo(kind.name()));
            assertThat(request.secretVariable(), equalTo("VARIABLE"));
            assertThat(request.commands(), equalTo(launch.commands()));
            assertThat(new ObjectMapper().convertValue(request.carried(), Map.class), equalTo(Map.of("passed", true)));
        }
    }

    /**
     * The CLI is only on the plugin's compile path (provided): javac copies AgentProtocol's
     * constants into the plugin's classes (and notes the class it took them from, an entry the JVM
     * never loads). No plugin class may use a CLI class otherwise: the controller could not load it.
     */
    @Test
    void noPluginClassUsesACliClass() throws Exception {
        Path classes = Path.of(StepKind.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> uses = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                cliUses(file).forEach(use -> uses.add(classes.relativize(file) + ": " + use));
            }
        }
        assertThat(Files.exists(classes.resolve("io/katarelease/jenkins/agent/LaunchScript.class")), equalTo(true));
        assertThat(uses.toString(), uses, empty());
    }

    /** @return the class file's references to CLI classes other than the note of AgentProtocol's constants */
    private static List<String> cliUses(Path classFile) throws IOException {
        List<String> uses = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(classFile)))) {
            in.skipBytes(8); // magic, minor, major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classes = new int[count];
            List<Integer> memberOwners = new ArrayList<>(); // class entries of fields and methods used
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classes[i] = in.readUnsignedShort();
                    case 9, 10, 11 -> {
                        memberOwners.add(in.readUnsignedShort());
                        in.skipBytes(2);
                    }
                    case 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // takes two entries
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
            for (int i = 1; i < count; i++) {
                String name = classes[i] == 0 ? null : utf8[classes[i]];
                if (name != null && name.startsWith(CLI) && !name.equals(PROTOCOL)) {
                    uses.add("class " + name);
                }
                if (utf8[i] != null && utf8[i].contains("L" + CLI)) {
                    uses.add("type " + utf8[i]);
                }
            }
            for (int ref : memberOwners) {
                String owner = utf8[classes[ref]];
                if (owner.startsWith(CLI)) {
                    uses.add("member of " + owner);
                }
            }
        }
        return uses;
    }
}
