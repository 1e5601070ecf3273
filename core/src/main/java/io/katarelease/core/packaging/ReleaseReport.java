package io.katarelease.core.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The release report: what the release is made of, in Markdown, for the release notes. */
final class ReleaseReport {
    private ReleaseReport() {}

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
            String component = name.replaceAll("^kata-static-", "").replaceAll("\\.tar\\.(xz|zst)$", "");
            Path record = artifacts.resolve("kata-static-" + component + ".build.json");
            String version = "";
            String key = "";
            if (Files.isRegularFile(record)) {
                JsonNode json = new ObjectMapper().readTree(record.toFile());
                version = json.path("version").asText("");
                key = json.path("cacheKey").asText("");
            }
            md.append("| ").append(name).append(" | ").append(version).append(" | ")
                    .append(key.isEmpty() ? "" : "`" + key.substring(0, Math.min(16, key.length())) + "`").append(" |\n");
        }
        md.append("\n## Assets\n\n| file | size | SHA-256 |\n| --- | --- | --- |\n");
        md.append("| ").append(asset).append(" | ").append(size).append(" | `").append(sha256).append("` |\n");
        return md.toString();
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
