package io.katarelease.core.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.testing.KataRepos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsFileTest {

    @ParameterizedTest
    @CsvSource({
        "v5.15.48, 5.15.x", "v6.7, 6.7.x", "v6.15.0-rc1-916aeec68dd4500a1cdf4ebf214c5620955daf3f, 6.15.x",
        "tdx-guest-v5.15-4, tdx-guest-v5.15-4.x", "efi-secret-v5.17-rc6, efi-secret-v5.17-rc6.x",
        "SPR-BKC-PC-v9.6, SPR-BKC-PC-v9.6.x", "6.2-TDX-v1.8, 6.2-TDX-v1.x", "5.15-plus-TDX, 5.15-plus-TDX.x",
        "kata-v5.6-april-09-2020, kata-v5.6-april-09-2020.x", "vv6.1.2, v6.1.x", "nodots, nodots.nodots.x"})
    void kernelSeriesFollowsBuildKernelSh(String version, String series) {
        assertThat(PatchRules.kernelSeries(version)).isEqualTo(series);
    }

    @Test
    void qemuSeriesComesFromReleaseVersionsOnly() {
        assertThat(PatchRules.qemuBase("v11.0.1")).isEqualTo(new PatchRules.QemuBase.Series("11.0.x"));
        assertThat(PatchRules.qemuBase("5.0.0")).isEqualTo(new PatchRules.QemuBase.Series("5.0.x"));
        assertThat(PatchRules.qemuBase("v9.1.50")).isInstanceOf(PatchRules.QemuBase.DevelopmentTree.class);
        assertThat(PatchRules.qemuBase("gpu-snp-20260430")).isInstanceOf(PatchRules.QemuBase.FromSourceTree.class);
        assertThat(PatchRules.qemuBase("7a800cf9496fddddf71b21a00991e0ec757a170a"))
                .isInstanceOf(PatchRules.QemuBase.FromSourceTree.class);
    }

    @Test
    void everyScalarIsAString() throws Exception {
        VersionsFile f = VersionsFile.parse(KataRepos.fixture("kata-versions/2.0.0.yaml"), "2.0.0");
        // unquoted in the real file, and no number or date either
        assertThat(f.string("externals", "crio", "meta", "crictl")).contains("1.0.0-beta.2");
        assertThat(f.string("assets", "hypervisor", "qemu", "version")).contains("5.0.0");
        VersionsFile numbers = VersionsFile.parse("a:\n  b: 1.10\n  c: yes\n  d: 2020-01-01\n  e: 0x10\n", "t");
        assertThat(numbers.string("a", "b")).contains("1.10");
        assertThat(numbers.string("a", "c")).contains("yes");
        assertThat(numbers.string("a", "d")).contains("2020-01-01");
        assertThat(numbers.string("a", "e")).contains("0x10");
    }

    @Test
    void anchorsAndAliasesResolve() throws Exception {
        VersionsFile f = VersionsFile.parse(KataRepos.fixture("kata-versions/3.10.0.yaml"), "3.10.0");
        assertThat(f.string("assets", "image", "architecture", "x86_64", "name")).contains("ubuntu");
    }

    @Test
    void aMissingSectionGivesNoEntries() throws Exception {
        VersionsFile f = VersionsFile.parse("description: nothing here\n", "t");
        assertThat(f.qemuEntries()).isEmpty();
        assertThat(f.kernelEntries()).isEmpty();
    }

    @Test
    void malformedYamlIsAClearError() {
        assertThatThrownBy(() -> VersionsFile.parse("assets:\n  kernel: [unclosed\n", "versions.yaml at 'x'"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("versions.yaml at 'x' is not valid YAML at line 3");
        assertThatThrownBy(() -> VersionsFile.parse("- a\n- b\n", "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a YAML mapping");
        assertThatThrownBy(() -> VersionsFile.parse("a: 1\na: 2\n", "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void anAliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        assertThatThrownBy(() -> VersionsFile.parse(bomb.toString(), "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void nonStringVersionsAreNamedByPath() {
        assertThatThrownBy(() -> VersionsFile.parse("assets:\n  kernel:\n    version: {major: 6}\n", "t").kernelEntries())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".assets.kernel.version should be a string, found a mapping");
        assertThatThrownBy(() -> VersionsFile.parse("assets:\n  kernel:\n    version: !!int 6\n", "t").kernelEntries())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".assets.kernel.version should be a string");
        assertThatThrownBy(() -> VersionsFile.parse("assets: [1, 2]\n", "t").kernelEntries())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(".assets should be a mapping");
    }

    @Test
    void versionsThatWouldLeaveThePatchTreeAreRefused() {
        for (String bad : new String[] {"../../../etc", "v6.1/../../x", "..", "-rf", "v6.1\n.2"}) {
            VersionEntry e = new VersionEntry(Component.KERNEL, "kernel", ".assets.kernel.version", bad, false);
            assertThatThrownBy(() -> PatchRules.checkVersion(e)).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(".assets.kernel.version")
                    .hasMessageContaining("cannot name a patch directory");
        }
    }

    @Test
    void buildTypesFollowTheEntryKey() throws Exception {
        VersionsFile f = VersionsFile.parse(KataRepos.fixture("io/katarelease/core/sandbox/3.32.0.yaml"), "3.32.0");
        assertThat(f.kernelEntries()).extracting(e -> e.path() + " -> " + PatchRules.buildType(e).orElse("-"))
                .contains(".assets.kernel.version -> -", ".assets.kernel.nvidia.version -> -",
                        ".assets.kernel-arm-experimental.version -> arm-experimental",
                        ".assets.kernel-arm-experimental.confidential.version -> -",
                        ".assets.kernel-dragonball-experimental.version -> dragonball-experimental");
    }
}
