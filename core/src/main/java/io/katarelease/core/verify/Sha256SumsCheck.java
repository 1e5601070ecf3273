package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;
import static io.katarelease.core.verify.Checks.skipped;

import io.katarelease.core.Texts;
import io.katarelease.core.build.Digests;
import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256s of the {@code SHA256SUMS} beside the tarball match the files, and it lists the
 * tarball: what users check their download against. It reads no tree, so it runs when the
 * tarball does not extract too.
 */
final class Sha256SumsCheck implements ReleaseCheck {
    static final String NAME = "SHA256SUMS";
    private static final Pattern SUMS_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsTree() {
        return false;
    }

    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        Path sums = ctx.sha256Sums();
        if (!Files.isRegularFile(sums)) {
            return List.of(skipped(NAME, "no SHA256SUMS beside the asset"));
        }
        String assetName = ctx.assetName();
        List<String> problems = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        int n = 0;
        for (String line : new String(Checks.head(sums, Checks.SMALL_FILE), StandardCharsets.UTF_8).split("\n")) {
            n++;
            if (!line.isBlank()) {
                String problem = line(sums, n, line, ctx, matched);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (!matched.contains(assetName) && problems.stream().noneMatch(p -> p.startsWith(Texts.quote(assetName)))) {
            problems.add("SHA256SUMS does not list " + assetName);
        }
        if (!problems.isEmpty()) {
            return List.of(failed(NAME, String.join("; ", problems)));
        }
        return List.of(passed(NAME, matched.size() + (matched.size() == 1 ? " file matches" : " files match") + ": "
                + String.join(", ", matched)));
    }

    /** Checks line {@code n}; adds the file to {@code matched} when it matches. @return the problem, or null */
    private static String line(Path sums, int n, String line, CheckContext ctx, List<String> matched)
            throws IOException {
        Matcher m = SUMS_LINE.matcher(line.stripTrailing());
        if (!m.matches()) {
            return "line " + n + " is not '<sha256>  <file>': " + Texts.quote(line);
        }
        String file = m.group(2);
        String want = m.group(1).toLowerCase(Locale.ROOT);
        // only files beside it: a listed path must not make verify hash files elsewhere
        if (file.contains("/") || file.contains("\\") || file.equals("..") || file.equals(".")) {
            return Texts.quote(file) + " is not a file beside SHA256SUMS";
        }
        Path f = sums.resolveSibling(file);
        if (!Files.isRegularFile(f)) {
            return Texts.quote(file) + " is listed but missing";
        }
        // the tarball was hashed already
        String have = file.equals(ctx.assetName()) ? ctx.assetSha() : Digests.sha256(f);
        if (!have.equals(want)) {
            return Texts.quote(file) + ": SHA256SUMS says " + want + ", the file has " + have;
        }
        matched.add(file);
        return null;
    }
}
