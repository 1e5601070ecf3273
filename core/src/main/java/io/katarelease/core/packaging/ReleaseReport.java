package io.katarelease.core.packaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.build.Digests;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import io.katarelease.core.verify.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The release report: what the release is made of, in Markdown, for the release notes; after
 * {@code verify}, also how the tarball was checked.
 */
public final class ReleaseReport {
    static final String VERIFICATION = "## Verification\n";
    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static final ObjectMapper RECORDS = new ObjectMapper();

    private ReleaseReport() {}

    /**
     * Puts the verification's results into the report as its last section (replacing one an
     * earlier run wrote) and brings the report's line of {@code SHA256SUMS} up to date. The same
     * results give the same bytes, so this is safe to repeat; each file is replaced atomically
     * and only when its content changes.
     *
     * @param report the report ({@code <tag>-report.md})
     * @param sums the {@code SHA256SUMS} beside it; its other lines are kept as they are
     */
    public static void addVerification(Path report, Path sums, VerifyResult result) throws IOException {
        String text = readOwn(report);
        int at = text.startsWith(VERIFICATION) ? 0 : text.indexOf("\n" + VERIFICATION);
        if (at >= 0) {
            int start = at == 0 ? 0 : at + 1;
            int next = text.indexOf("\n## ", start + VERIFICATION.length());
            text = text.substring(0, start) + (next < 0 ? "" : text.substring(next + 1));
        }
        String updated = text.stripTrailing() + "\n\n" + verification(result);
        replace(report, updated);
        if (Files.isRegularFile(sums, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String name = report.getFileName().toString();
            String sha = Digests.sha256(report);
            StringBuilder out = new StringBuilder();
            for (String line : readOwn(sums).split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                boolean ours = line.length() > 66 && line.substring(66).equals(name);
                out.append(ours ? sha + "  " + name : line).append('\n');
            }
            replace(sums, out.toString());
        }
    }

    /** @return the report's Verification section */
    static String verification(VerifyResult result) {
        StringBuilder md = new StringBuilder(VERIFICATION).append('\n');
        md.append("`kata-release verify` checked ").append(result.asset()).append(" (sha256 `").append(result.sha256())
                .append("`) against ").append(result.versionsFrom()).append(" before publishing: ")
                .append(result.summary()).append(".\n\n");
        md.append("| check | result | detail |\n| --- | --- | --- |\n");
        for (VerifyResult.Check c : result.checks()) {
            md.append("| ").append(cell(c.name())).append(" | ").append(c.status().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(cell(c.detail())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** Reads a file this release wrote; a link or special file planted in its place is refused. */
    private static String readOwn(Path file) throws IOException {
        try (java.io.InputStream in = io.katarelease.core.files.AtomicFiles.openRegular(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void replace(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && java.util.Arrays.equals(readOwn(file).getBytes(StandardCharsets.UTF_8), bytes)) {
            return;
        }
        io.katarelease.core.files.AtomicFiles.write(file, bytes);
    }

    static String render(String releaseTag, String asset, long size, String sha256, List<Path> components,
            PackageCommand.ReleaseCommits commits, InspectResult inspected, Path artifacts) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(releaseTag).append("\n\n");
        if (commits != null && commits.upstream() != null) {
            md.append("Upstream: kata-containers ").append(commits.upstream()).append("\n\n");
        }
        if (commits != null) {
            md.append("## Fork commits\n\n");
            list(md, "Carried", commits.carried());
            list(md, "Dropped (upstream has them, or they became empty)", commits.dropped());
        }
        if (inspected != null) {
            md.append("## Components\n\n");
            md.append("kata_config_version: ").append(inspected.kataConfigVersion()).append("\n\n");
            md.append("| entry | version | patches (carried by the fork) |\n| --- | --- | --- |\n");
            for (ComponentPlan p : inspected.components()) {
                long carried = p.series().stream().filter(f -> f.origin() == InspectResult.Origin.CARRIED
                        || f.origin() == InspectResult.Origin.MODIFIED).count();
                md.append("| `").append(p.path()).append("` | ").append(p.version()).append(" | ")
                        .append(p.series().size()).append(" (").append(carried).append(") |\n");
            }
            md.append('\n');
            for (ComponentPlan p : inspected.components()) {
                if (p.path().equals(".assets.hypervisor.qemu.version") || p.path().equals(".assets.kernel.version")) {
                    md.append("### ").append(p.component().id()).append(' ').append(p.version()).append(" patch series\n\n");
                    if (p.series().isEmpty()) {
                        md.append("(none)\n");
                    }
                    int i = 0;
                    for (PatchFile f : p.series()) {
                        md.append(++i).append(". `").append(f.path()).append("` (")
                                .append(f.origin().name().toLowerCase(Locale.ROOT)).append(")\n");
                    }
                    md.append('\n');
                }
            }
        }
        md.append("## Component builds\n\n| tarball | version | cache key |\n| --- | --- | --- |\n");
        for (Path c : components) {
            String name = c.getFileName().toString();
            String component = name.replaceAll("^" + BuildRecord.ARTIFACT_PREFIX, "").replaceAll("\\.tar\\.(xz|zst)$", "");
            JsonNode json = buildRecord(artifacts.resolve(BuildRecord.fileName(component)));
            String version = json.path("version").asText("");
            String key = json.path("cacheKey").asText("").replaceAll("[^0-9a-f]", "");
            md.append("| ").append(cell(name)).append(" | ").append(cell(version)).append(" | ")
                    .append(key.isEmpty() ? "" : "`" + key.substring(0, Math.min(16, key.length())) + "`").append(" |\n");
        }
        md.append("\n## Assets\n\n| file | size | SHA-256 |\n| --- | --- | --- |\n");
        md.append("| ").append(asset).append(" | ").append(size).append(" | `").append(sha256).append("` |\n");
        return md.toString();
    }

    /**
     * Reads a build record that came with the artefacts (in Jenkins, from another agent): a link or
     * special file is refused, at most 1 MiB is read, and a file that is not JSON is named
     * without its content. An absent record leaves the row's version and key empty.
     */
    private static JsonNode buildRecord(Path record) throws IOException {
        if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
            return MissingNode.getInstance();
        }
        byte[] bytes;
        try (InputStream in = AtomicFiles.openRegular(record)) {
            bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new IOException(record + " is larger than a build record can be (" + MAX_RECORD_BYTES + " bytes)");
        }
        try {
            return RECORDS.readTree(bytes);
        } catch (JacksonException e) {
            throw new IOException(record + " is not a build record (not valid JSON); rebuild the component"
                    + " or remove the file");
        }
    }

    private static void list(StringBuilder md, String heading, List<String> items) {
        md.append(heading).append(":\n\n");
        if (items.isEmpty()) {
            md.append("- (none)\n");
        }
        items.forEach(i -> md.append("- ").append(i).append('\n'));
        md.append('\n');
    }
}
