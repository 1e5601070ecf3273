package io.katarelease.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.build.BuildResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the CLI's {@code --json} documents into what a Pipeline step returns: the CLI's whole result as
 * plain maps and lists (what Pipeline scripts can read and save), plus the few keys a pipeline
 * needs most under stable names ({@code releaseTag}, {@code carried}, {@code dropped},
 * {@code artifact}, {@code sha256}, {@code releaseUrl}, {@code assetUrl} ...), and a summary for
 * the log. Paths inside the workspace become relative to it, ready for stash and archiveArtifacts.
 */
public final class StepResults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StepResults() {}

    /**
     * What a finished step reports.
     *
     * @param result the map the step returns to the pipeline (null when it failed)
     * @param summary lines for the build log
     * @param failure the failure message (with the evidence, e.g. the conflict report), or null
     */
    public record Outcome(Map<String, Object> result, List<String> summary, String failure) {}

    /**
     * @param request what was asked
     * @param exits the exit code of each command that ran, in order
     * @param documents each command's {@code --json} document (blank when it printed none)
     * @param workspace where the commands ran; paths inside it become relative
     */
    public static Outcome outcome(StepRequest request, List<Integer> exits, List<String> documents, Path workspace) {
        String fn = request.function();
        List<JsonNode> docs = new ArrayList<>();
        for (String d : documents) {
            docs.add(parse(d));
        }
        for (int i = 0; i < exits.size(); i++) {
            if (exits.get(i) != 0) {
                return new Outcome(null, List.of(), failure(fn, exits.get(i), i < docs.size() ? docs.get(i) : null));
            }
        }
        if (exits.size() < request.commands().size()) {
            return new Outcome(null, List.of(), fn + ": kata-release stopped after " + exits.size() + " of "
                    + request.commands().size() + " commands without an error; see the log above");
        }
        Path ws = workspace.toAbsolutePath();
        List<String> summary = new ArrayList<>();
        Map<String, Object> result = switch (request.kind()) {
            case UPSTREAM_TAGS -> tags(fn, last(docs), summary);
            case SYNC -> sync(fn, last(docs), summary);
            case BUILD -> build(fn, last(docs), ws, summary);
            case PACKAGE -> packaged(fn, last(docs), ws, summary);
            case VERIFY -> verify(fn, last(docs), summary);
            case PUBLISH -> publish(fn, last(docs), request.carried(), summary);
        };
        return new Outcome(result, summary, null);
    }

    private static Map<String, Object> tags(String fn, JsonNode r, List<String> summary) {
        Map<String, Object> m = plain(r);
        List<String> pending = names(r.path("pending"));
        m.put("pendingTags", m.get("pending"));
        m.put("releasedTags", m.get("released"));
        m.put("pending", pending);
        m.put("released", names(r.path("released")));
        summary.add(fn + ": " + (pending.isEmpty() ? "every upstream release tag has a fork release"
                : pending.size() + " upstream tag(s) not released yet: " + String.join(", ", pending)));
        return m;
    }

    private static Map<String, Object> sync(String fn, JsonNode r, List<String> summary) {
        Map<String, Object> m = plain(r);
        List<Map<String, Object>> carried = new ArrayList<>();
        List<Map<String, Object>> dropped = new ArrayList<>();
        for (JsonNode c : r.path("release")) {
            String disposition = c.path("disposition").asText();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("commit", c.path("original").asText(null));
            entry.put("subject", c.path("subject").asText(null));
            if (disposition.equals("APPLIED") || disposition.equals("UNCHANGED")) {
                entry.put("releaseCommit", c.path("result").asText(null));
                carried.add(entry);
            } else {
                entry.put("reason", disposition);
                entry.put("detail", c.path("detail").asText(null));
                dropped.add(entry);
            }
        }
        m.put("carried", carried);
        m.put("dropped", dropped);
        summary.add(fn + ": " + r.path("status").asText() + " " + r.path("releaseTag").asText()
                + " (" + r.path("releaseBranch").asText() + " at " + shortId(r.path("releaseCommit").asText(null))
                + ", upstream " + r.path("upstreamTag").asText() + "): " + carried.size() + " carried, "
                + dropped.size() + " dropped");
        carried.forEach(c -> summary.add("  carried " + shortId((String) c.get("commit")) + " " + c.get("subject")));
        dropped.forEach(c -> summary.add("  dropped " + shortId((String) c.get("commit")) + " " + c.get("subject")
                + " (" + c.get("reason") + (c.get("detail") == null ? "" : ": " + c.get("detail")) + ")"));
        r.path("warnings").forEach(w -> summary.add("  warning: " + w.asText()));
        return m;
    }

    private static Map<String, Object> build(String fn, JsonNode r, Path ws, List<String> summary) {
        Map<String, Object> m = plain(r);
        JsonNode record = r.path("record");
        JsonNode artifact = record.path("artifact");
        m.put("artifact", relative(ws, r.path("artifact").asText(artifact.path("file").asText(null))));
        m.put("recordFile", relative(ws, r.path("recordFile").asText(null)));
        m.put("component", record.path("component").asText(null));
        m.put("version", record.path("version").asText(null));
        m.put("cacheKey", record.path("cacheKey").asText(null));
        m.put("fromCache", record.path("fromCache").asBoolean());
        m.put("source", r.path("source").asText(null));
        m.put("remote", r.path("remote").asText(null));
        m.put("sha256", artifact.path("sha256").asText(null));
        m.put("size", artifact.path("size").asLong());
        summary.add(fn + ": " + m.get("component") + " " + m.get("version") + " -> " + m.get("artifact")
                + " (" + source(r) + ", " + r.path("series").size() + " patches, sha256 " + m.get("sha256") + ")");
        r.path("warnings").forEach(w -> summary.add("  warning: " + w.asText()));
        return m;
    }

    /** @return "built, pushed to REF@digest", "local cache hit", "remote cache hit from REF@digest" */
    private static String source(JsonNode r) {
        String source = r.path("source").asText("");
        String remote = r.path("remote").isTextual() ? r.path("remote").asText() : null;
        if (source.isEmpty()) { // the JSON of a CLI older than the remote cache
            return r.path("record").path("fromCache").asBoolean() ? BuildResult.LOCAL_HIT : BuildResult.BUILT;
        }
        return BuildResult.describeSource(source, remote);
    }

    private static Map<String, Object> packaged(String fn, JsonNode r, Path ws, List<String> summary) {
        Map<String, Object> m = plain(r);
        m.put("artifact", relative(ws, r.path("tarball").asText(null)));
        m.put("report", relative(ws, r.path("report").asText(null)));
        m.put("sha256sums", relative(ws, r.path("sha256sums").asText(null)));
        summary.add(fn + ": " + m.get("artifact") + " (" + r.path("size").asLong() + " bytes, sha256 "
                + r.path("sha256").asText() + ")");
        r.path("warnings").forEach(w -> summary.add("  warning: " + w.asText()));
        return m;
    }

    private static Map<String, Object> verify(String fn, JsonNode r, List<String> summary) {
        Map<String, Object> m = plain(r);
        int failed = 0;
        for (JsonNode c : r.path("checks")) {
            String status = c.path("status").asText();
            failed += status.equals("FAILED") ? 1 : 0;
            summary.add("  " + checkLine(c));
        }
        summary.add(0, fn + ": " + (failed == 0 ? "every check passed or was skipped" : failed + " check(s) failed"));
        m.put("passed", failed == 0);
        return m;
    }

    /** @param verified what the verification before publishing returned (a launch of its own), or null */
    private static Map<String, Object> publish(String fn, JsonNode r, JsonNode verified, List<String> summary) {
        Map<String, Object> m = plain(r);
        if (verified != null) {
            m.put("verify", plain(verified));
        }
        List<Map<String, Object>> assets = new ArrayList<>();
        JsonNode main = null;
        for (JsonNode a : r.path("assets")) {
            Map<String, Object> asset = new LinkedHashMap<>();
            asset.put("name", a.path("name").asText(null));
            asset.put("url", a.path("url").asText(null));
            asset.put("sha256", a.path("sha256").asText(null));
            asset.put("size", a.path("size").asLong());
            assets.add(asset);
            String name = a.path("name").asText("");
            if (main == null && (name.endsWith(".tar.xz") || name.endsWith(".tar.zst"))) {
                main = a;
            }
        }
        m.put("assets", assets);
        m.put("releaseUrl", r.path("releaseUrl").asText(null));
        m.put("artifact", main == null ? null : main.path("name").asText(null));
        m.put("assetUrl", main == null ? null : main.path("url").asText(null));
        m.put("sha256", main == null ? null : main.path("sha256").asText(null));
        summary.add(fn + ": " + r.path("releaseTag").asText() + " " + (r.path("draft").asBoolean() ? "(draft) " : "")
                + r.path("releaseUrl").asText());
        assets.forEach(a -> summary.add("  " + a.get("name") + " " + a.get("url") + " sha256 " + a.get("sha256")));
        return m;
    }

    private static String failure(String fn, int exit, JsonNode doc) {
        JsonNode error = doc == null ? null : doc.path("error");
        if (error == null || error.isMissingNode()) {
            return fn + ": kata-release exited with " + exit + "; its messages are in the log above";
        }
        StringBuilder text = new StringBuilder(fn + ": " + error.path("message").asText()
                + " [" + error.path("reason").asText() + ", exit " + exit + "]");
        JsonNode details = error.path("details");
        if (details.has("checks")) {
            // A failed verification: one line per check reads better than the JSON.
            for (JsonNode c : details.path("checks")) {
                text.append("\n  ").append(checkLine(c));
            }
        } else if (Set.of("CONFLICT", "BUILD_FAILED").contains(error.path("reason").asText())) {
            // The message already holds the conflict report; a build's last lines are in the log above.
            return text.toString();
        } else if (!details.isMissingNode() && !details.isNull()) {
            try {
                text.append("\n").append(JSON.writeValueAsString(details));
            } catch (JsonProcessingException e) {
                text.append("\n").append(details);
            }
        }
        return text.toString();
    }

    /** One verify check as a log line: "passed|failed|skipped NAME: DETAIL". */
    private static String checkLine(JsonNode check) {
        JsonNode detail = check.path("detail");
        return check.path("status").asText().toLowerCase(java.util.Locale.ROOT) + " " + check.path("name").asText()
                + (detail.isMissingNode() || detail.isNull() ? "" : ": " + detail.asText());
    }

    private static JsonNode parse(String document) {
        try {
            return document == null || document.isBlank() ? null : JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode last(List<JsonNode> docs) {
        JsonNode d = docs.isEmpty() ? null : docs.get(docs.size() - 1);
        return d == null ? JSON.createObjectNode() : d.path("result");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(JsonNode r) {
        return r.isObject() ? JSON.convertValue(r, LinkedHashMap.class) : new LinkedHashMap<>();
    }

    private static List<String> names(JsonNode tags) {
        List<String> names = new ArrayList<>();
        tags.forEach(t -> names.add(t.path("tag").asText()));
        return names;
    }

    private static String relative(Path ws, String file) {
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() && p.normalize().startsWith(ws.normalize()) ? ws.normalize().relativize(p.normalize()).toString() : file;
    }

    private static String shortId(String id) {
        return id == null || id.length() < 12 ? String.valueOf(id) : id.substring(0, 12);
    }
}
