package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;
import static io.katarelease.core.verify.Checks.skipped;

import io.katarelease.core.Texts;
import io.katarelease.core.verify.ExtractedTree.Kind;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.versions.VersionEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code opt/kata/bin/qemu-system-*} is an x86_64 ELF executable ({@code ELF <path>}) and,
 * on an x86_64 Linux host, runs with {@code --version} (no network, no KVM) and reports the QEMU
 * version the expected versions name ({@code --version <path>}).
 */
final class QemuCheck implements ReleaseCheck {
    static final String NAME = "QEMU";
    static final String QEMU_PREFIX = "opt/kata/bin/qemu-system-";
    private static final Pattern NUMERIC_VERSION = Pattern.compile("v?([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern QEMU_SAYS = Pattern.compile("QEMU emulator version (\\S+)");

    private final String hostOs;
    private final String hostArch;
    private final Duration runTimeout;

    /**
     * @param hostOs the host's {@code os.name}: QEMU runs only on Linux
     * @param hostArch the host's {@code os.arch}: QEMU runs only on x86_64
     * @param runTimeout how long each {@code --version} run may take before it is killed
     */
    QemuCheck(String hostOs, String hostArch, Duration runTimeout) {
        this.hostOs = hostOs;
        this.hostArch = hostArch;
        this.runTimeout = runTimeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        ExtractedTree tree = ctx.tree();
        List<String> binaries = tree.members().values().stream()
                .filter(m -> m.name().startsWith(QEMU_PREFIX) && m.name().indexOf('/', QEMU_PREFIX.length()) < 0)
                .filter(m -> m.kind() != Kind.DIRECTORY).map(Member::name).sorted().toList();
        if (binaries.isEmpty()) {
            return List.of(skipped(NAME, "the tarball has no opt/kata/bin/qemu-system-*"));
        }
        List<Check> checks = new ArrayList<>();
        for (String name : binaries) {
            Member m = tree.resolve(name);
            String elfCheck = "ELF " + name;
            if (m == null) {
                checks.add(failed(elfCheck, "a link that does not resolve to a file inside the tarball (-> "
                        + Texts.quote(tree.members().get(name).link()) + ")"));
                checks.add(skipped("--version " + name, "not run: no file to run"));
                continue;
            }
            Path file = tree.path(m.name());
            ElfFile elf;
            String problem;
            try {
                elf = ElfFile.read(file);
                problem = elf.notAnX86_64Executable();
                if (problem == null && (m.mode() & 0100) == 0) {
                    problem = String.format("not executable (mode %04o)", m.mode());
                }
            } catch (FormatException e) {
                elf = null;
                problem = e.getMessage();
            } catch (IOException e) {
                elf = null;
                problem = "cannot be read: " + e.getMessage();
            }
            if (problem != null) {
                checks.add(failed(elfCheck, problem));
                checks.add(skipped("--version " + name, "not run: not an x86_64 ELF executable"));
                continue;
            }
            checks.add(passed(elfCheck, "x86_64 ELF executable, " + elf.linkage()));
            checks.add(runVersion(ctx, name, file, elf.linkage()));
        }
        return checks;
    }

    private Check runVersion(CheckContext ctx, String name, Path file, String linkage) throws IOException {
        String check = "--version " + name;
        if (!hostOs.toLowerCase(Locale.ROOT).startsWith("linux")
                || !(hostArch.equals("amd64") || hostArch.equals("x86_64"))) {
            return skipped(check, "not run: this host is " + hostOs + " " + hostArch + ", not x86_64 Linux");
        }
        ctx.progress().step("verify: " + name.substring(name.lastIndexOf('/') + 1) + " --version");
        Path root = ctx.tree().root();
        ProgramRun run = ProgramRun.run(file, root, runTimeout, "--version");
        // the scratch path means nothing to the reader
        String output = run.output().replace(root.toString() + "/", "");
        String problem = run.problem() == null ? null : run.problem().replace(root.toString() + "/", "");
        if (problem != null && problem.startsWith("cannot be started")) {
            return failed(check, problem + (problem.contains("error=2,") && !linkage.startsWith("statically")
                    ? " (" + linkage + ": the interpreter is missing on this host)" : ""));
        }
        if (problem != null) {
            return failed(check, problem + firstLines(output));
        }
        if (run.exitCode() != 0) {
            return failed(check, "exited with " + run.exitCode() + firstLines(output));
        }
        Matcher says = QEMU_SAYS.matcher(output);
        if (!says.find()) {
            return failed(check, "does not report 'QEMU emulator version'" + firstLines(output));
        }
        String line = output.substring(says.start()).lines().findFirst().orElse("").strip();
        return compare(check, name, says.group(1), line, ctx.expected());
    }

    /** @return whether the version QEMU reported is the one versions.yaml names for this binary */
    private static Check compare(String check, String name, String reported, String line, ExpectedVersions expected) {
        String variant = name.substring(QEMU_PREFIX.length()).replaceFirst("^x86_64-?", "");
        String path = ".assets.hypervisor.qemu" + (variant.isEmpty() ? "" : "-" + variant);
        Optional<VersionEntry> entry = expected.entry(path);
        if (entry.isEmpty()) {
            return passed(check, "reports " + Texts.quote(line) + "; not compared: "
                    + (expected.problem() != null ? expected.problem() : expected.from() + " has no " + path));
        }
        String want = entry.get().version();
        Matcher numeric = NUMERIC_VERSION.matcher(want);
        if (!numeric.matches()) {
            return passed(check, "reports " + Texts.quote(line) + "; not compared: " + entry.get().path() + " is "
                    + want + ", not a version number");
        }
        if (sameVersion(reported, numeric.group(1))) {
            return passed(check, "reports " + Texts.quote(line) + ", as " + entry.get().path() + " " + want);
        }
        return failed(check, "reports " + Texts.quote(line) + ", not " + numeric.group(1) + " (" + entry.get().path()
                + " " + want + ")");
    }

    /** @return whether QEMU's reported version is the expected one ({@code 10.1.0}, {@code 10.1.0-rc1} …) */
    static boolean sameVersion(String reported, String want) {
        if (reported.equals(want) || reported.startsWith(want + "-") || reported.startsWith(want + "+")) {
            return true;
        }
        // "v10.1" in versions.yaml, "10.1.0" from QEMU
        return want.chars().filter(c -> c == '.').count() == 1 && reported.startsWith(want + ".");
    }

    /** @return the first lines of a run's output, for a failure's detail */
    private static String firstLines(String output) {
        List<String> lines = output.lines().map(l -> l.replaceAll("[\\p{Cntrl}&&[^\t]]", "?").strip())
                .filter(l -> !l.isEmpty()).limit(3).toList();
        if (lines.isEmpty()) {
            return " (no output)";
        }
        String text = String.join(" / ", lines);
        return ": " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
    }
}
