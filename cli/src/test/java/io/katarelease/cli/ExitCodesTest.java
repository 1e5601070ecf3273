package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.ReleaseException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every exit code has one meaning, shown by --help, and every engine condition has its code. */
class ExitCodesTest {
    @Test
    void everyCodeIsDescribedOnceAndHelpListsThemAll() throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (Field f : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                codes.add(f.getInt(null));
            }
        }
        Map<String, String> described = ExitCodes.descriptions();
        assertThat(codes).doesNotHaveDuplicates();
        assertThat(described.keySet()).containsExactlyElementsOf(codes.stream().sorted().map(String::valueOf).toList());

        CliRun help = CliRun.of(Map.of(), "--help");
        for (Map.Entry<String, String> d : described.entrySet()) {
            assertThat(help.out()).containsPattern("(?m)^ *" + d.getKey() + " +" + java.util.regex.Pattern.quote(
                    d.getValue().substring(0, Math.min(30, d.getValue().length()))));
        }
    }

    @Test
    void everyEngineConditionHasACodeOfItsOwn() {
        List<Integer> mapped = new ArrayList<>();
        for (ReleaseException.Reason r : ReleaseException.Reason.values()) {
            mapped.add(ExitCodes.of(r));
        }
        assertThat(mapped).doesNotHaveDuplicates().doesNotContain(ExitCodes.OK, ExitCodes.INTERNAL_ERROR, ExitCodes.USAGE);
    }
}
