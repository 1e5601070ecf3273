package io.katarelease.core.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.testing.KataRepos;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers of any size or shape in {@code versions.yaml}: plain scalars stay verbatim strings,
 * explicitly typed ones are an input error naming the value, never a Java exception.
 */
class HostileNumbersTest {
    private static final String KERNEL_LINE = "    version: \"v6.1.62\"\n";
    private static final String QEMU_LINE = "      version: \"v8.2.4\"\n";

    /** The real 3.10.0 file with the kernel's version replaced by {@code value} (YAML text). */
    private static String withKernelVersion(String value) {
        String yaml = KataRepos.fixture("kata-versions/3.10.0.yaml");
        assertThat(yaml).contains(KERNEL_LINE);
        return yaml.replace(KERNEL_LINE, "    version: " + value + "\n");
    }

    private static String withQemuVersion(String value) {
        String yaml = KataRepos.fixture("kata-versions/3.10.0.yaml");
        assertThat(yaml).contains(QEMU_LINE);
        return yaml.replace(QEMU_LINE, "      version: " + value + "\n");
    }

    private static String kernelVersion(String yaml) throws InvalidInputException {
        return VersionsFile.parse(yaml, "versions.yaml").kernelEntries().stream()
                .filter(e -> e.path().equals(".assets.kernel.version")).findFirst().orElseThrow().version();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "-1", "+3", "1e9", "6.10", "007", "4..1", "4.1.", "NaN", ".nan",
        "0x10", "0o17", "1_000", "０", "٣", "v٣.١.٠", "2020-01-01", "yes", "~~"})
    void plainNumberLikeScalarsStayVerbatimStrings(String value) throws Exception {
        assertThat(kernelVersion(withKernelVersion(value))).isEqualTo(value);
    }

    @Test
    void aTenThousandDigitVersionIsJustText() throws Exception {
        String digits = "9".repeat(10_000);
        assertThat(kernelVersion(withKernelVersion(digits))).isEqualTo(digits);
        VersionEntry e = new VersionEntry(Component.KERNEL, "kernel", ".assets.kernel.version", digits, false);
        assertThatThrownBy(() -> PatchRules.checkVersion(e)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than 200 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!int 99999999999999999999", "!!int abc", "!!int 0x", "!!int ''", "!!int 1e9",
        "!!float 1e9", "!!float NaN", "!!float abc", "!!bool maybe", "!!bool yes", "!!binary '!!!'",
        "!!timestamp 99999999999-01-01", "!!timestamp 2020-13-45", "!!int {a: 1}", "!!float [1]", "!!str [a]",
        "!!str {a: b}", "!!map [a]", "!!seq {a: b}", "!!null [a]", "!!set {a, b}", "!!set &s {? [*s]}",
        "!!omap [a: 1]", "!!pairs [a: 1]", "!foo 3"})
    void explicitlyTypedValuesAreAnInputErrorNamingThePath(String value) {
        Throwable t = catchThrowable(() -> kernelVersion(withKernelVersion(value)));
        assertThat(t).as(value).isInstanceOf(InvalidInputException.class);
        assertThat(t.getMessage()).as(value).satisfiesAnyOf(
                m -> assertThat(m).contains(".assets.kernel.version should be a string"),
                m -> assertThat(m).contains("is not valid YAML at line 197"));
    }

    @Test
    @Timeout(180) // a guard against a hang, not a speed target: parsing them as a number takes far longer
    void aHugeExplicitIntegerIsNeverParsed() {
        // 4 million digits: parsing them as a number takes minutes; as text, seconds
        String digits = "9".repeat(4 * 1024 * 1024 - 200_000);
        assertThatThrownBy(() -> VersionsFile.parse("assets:\n  kernel:\n    version: !!int " + digits + "\n", "t")
                .kernelEntries()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".assets.kernel.version should be a string, found !!int '999");
    }

    @Test
    void explicitlyTypedKeysAreTheirText() throws Exception {
        VersionsFile f = VersionsFile.parse(withKernelVersion("\"v6.1.62\"\n    !!int 007: seven"), "t");
        assertThat(f.string("assets", "kernel", "007")).contains("seven");
        assertThat(f.strings("assets", "kernel")).containsEntry("007", "seven").containsEntry("version", "v6.1.62");
    }

    @Test
    void keysThatCollideAsTextAreRefused() {
        assertThatThrownBy(() -> VersionsFile.parse(withKernelVersion("\"v6.1.62\"\n    !!int 5: a\n    \"5\": b"),
                "t").kernelEntries()).isInstanceOf(InvalidInputException.class).hasMessageContaining("'5'");
    }

    @Test
    @Timeout(60)
    void anAliasBombInAKeyIsRefusedWithoutBeingExpanded() {
        // 49 aliases, 3^16 leaves: within the alias limit, but printing the key takes gigabytes
        StringBuilder b = new StringBuilder("x0: &a0 [z, z, z]\n");
        for (int i = 1; i <= 16; i++) {
            b.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        String yaml = KataRepos.fixture("kata-versions/3.10.0.yaml").replace("assets:\n",
                b + "assets:\n  ? [*a16]\n  : y\n");
        assertThatThrownBy(() -> VersionsFile.parse(yaml, "versions.yaml").kernelEntries())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key");
    }

    @Test
    void aFlowMappingKeyIsRefused() {
        assertThatThrownBy(() -> VersionsFile.parse(withKernelVersion("\"v6.1.62\"\n    ? {a: 1}\n    : b"), "t")
                .kernelEntries()).isInstanceOf(InvalidInputException.class).hasMessageContaining("key");
    }

    @ParameterizedTest
    @CsvSource({
        "v8.2.4, 8.2.x", "v99999999999999999999.0.0, 99999999999999999999.0.x",
        "v007.002.000, 7.2.x", "v9.1.049, 9.1.x", "v0.0.0, 0.0.x", "v00.00.00, 0.0.x"})
    void qemuSeriesOfAnySize(String version, String series) throws Exception {
        String v = VersionsFile.parse(withQemuVersion(version), "t").qemuEntries().get(0).version();
        assertThat(PatchRules.qemuBase(v)).isEqualTo(new PatchRules.QemuBase.Series(series));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2.99999999999", "v1.2.99999999999999999999", "v9.1.50", "v9.1.0050", "v9.1.100"})
    void qemuDevelopmentTreesOfAnySize(String version) throws Exception {
        String v = VersionsFile.parse(withQemuVersion(version), "t").qemuEntries().get(0).version();
        assertThat(PatchRules.qemuBase(v)).isEqualTo(new PatchRules.QemuBase.DevelopmentTree(version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v٣.١.٠", "v３.１.０", "v-1.2.3", "+3.1.0", "v4..1", "v4.1.", "1e9", "NaN", "v1.2.3.4",
        "v1.2"})
    void qemuVersionsThatAreNotPlainReleasesComeFromTheSourceTree(String version) throws Exception {
        String v = VersionsFile.parse(withQemuVersion("'" + version + "'"), "t").qemuEntries().get(0).version();
        assertThat(PatchRules.qemuBase(v)).isEqualTo(new PatchRules.QemuBase.FromSourceTree(version));
    }

    @Test
    void aTenThousandDigitQemuVersionIsNoOverflow() {
        String big = "9".repeat(10_000);
        assertThat(PatchRules.qemuBase("v" + big + ".1.2")).isEqualTo(new PatchRules.QemuBase.Series(big + ".1.x"));
        assertThat(PatchRules.qemuBase("v1.2." + big)).isInstanceOf(PatchRules.QemuBase.DevelopmentTree.class);
        assertThat(List.of(PatchRules.kernelSeries("v" + big + ".1"))).containsExactly(big + ".1.x");
    }
}
