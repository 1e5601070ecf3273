package io.katarelease.core.ledger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.Setting;
import io.katarelease.core.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The record of one release's finished stages, one JSON file per release tag: each stage with the
 * inputs it ran on, the outputs it produced and when it finished. A run consults it to skip a
 * stage whose inputs are unchanged, and redoes one whose inputs moved. Written atomically after
 * every stage, so a killed run loses at most the stage in progress.
 *
 * <p>Each file carries its {@link #SCHEMA} version. A file that does not parse, breaks the schema
 * or comes from a newer kata-release is a {@link DamagedStateException}, found by
 * {@link #check(Path, boolean)} before a run touches anything; with the discard option it is
 * renamed aside ({@code <name>.damaged-<time>}) and the release starts over, which is safe because
 * every stage converges (sync finds the fork synced, builds hit the cache, publishing keeps
 * matching assets).
 */
public final class Ledger {
    /** The version of the file format this kata-release writes and reads. */
    public static final int SCHEMA = 1;
    /** What to do about a damaged ledger; its failure lists {@link #DISCARD_SETTING}, which front ends name. */
    public static final String DISCARD_HINT = "Move it away, or run again with the option to discard damaged state,"
            + " which renames it aside; every stage is then redone and converges";
    /** The release setting that sets damaged state aside. */
    public static final Setting DISCARD_SETTING = Setting.DISCARD_DAMAGED_STATE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_BYTES = 16L << 20;

    /**
     * One finished stage.
     *
     * @param inputs what it ran on (commit ids, digests, names)
     * @param outputs what it produced
     * @param finishedAt when
     */
    public record Stage(Map<String, String> inputs, Map<String, String> outputs, String finishedAt) {}

    /** The file's content. */
    public record Content(int schema, String releaseTag, Map<String, Stage> stages) {}

    private final Path file;
    private final Content content;

    private Ledger(Path file, Content content) {
        this.file = file;
        this.content = content;
    }

    /** Opens (or starts) the ledger {@code <dir>/<key>.json}. */
    public static Ledger open(Path dir, String key) throws IOException, DamagedStateException {
        Path file = dir.resolve(key + ".json");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Ledger(file, new Content(SCHEMA, key, new LinkedHashMap<>()));
        }
        Content c = read(file);
        return new Ledger(file, new Content(SCHEMA, c.releaseTag(), new LinkedHashMap<>(c.stages())));
    }

    /**
     * Checks every ledger in {@code dir} (and the results files beside them) before a run starts.
     *
     * @param discard set damaged files aside instead of failing
     * @return the files set aside, with where they went
     * @throws DamagedStateException for the first damaged file, unless discarding
     */
    public static List<String> check(Path dir, boolean discard) throws IOException, DamagedStateException {
        List<String> setAside = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return setAside;
        }
        List<Path> ledgers;
        try (Stream<Path> s = Files.list(dir)) {
            ledgers = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : ledgers) {
            try {
                read(file);
            } catch (DamagedStateException e) {
                if (!discard || e.fromNewerVersion()) {
                    throw e;
                }
                setAside.add(setAside(file));
            }
        }
        return setAside;
    }

    /** Renames a damaged file aside; @return a line saying where it went */
    public static String setAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-"
                + Instant.now().toString().replace(':', '-'));
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return file + " was damaged; set aside as " + aside.getFileName();
    }

    private static Content read(Path file) throws IOException, DamagedStateException {
        JsonNode tree;
        try (InputStream in = AtomicFiles.openRegular(file)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw damaged(file, "is larger than a ledger can be (" + MAX_BYTES + " bytes)");
            }
            tree = JSON.readTree(bytes);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JacksonException e) {
            throw damaged(file, "is not valid JSON (truncated or overwritten: " + e.getOriginalMessage() + ")");
        } catch (java.nio.file.FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("refused")) {
                throw damaged(file, e.getReason());
            }
            throw e;
        }
        if (tree == null || !tree.isObject()) {
            throw damaged(file, "is not a ledger (no JSON object)");
        }
        JsonNode schema = tree.get("schema");
        // Ledgers written before the schema field existed are version 1.
        int version = schema == null ? 1 : schema.canConvertToInt() && schema.isIntegralNumber() ? schema.intValue() : -1;
        if (version > SCHEMA) {
            throw new DamagedStateException(file.toString(), "was written by a newer kata-release (ledger schema "
                    + version + "; this one reads " + SCHEMA + ")", "Use that kata-release version, or move the"
                    + " file away to start this release's stages over", true);
        }
        if (version < 1) {
            throw damaged(file, "has no valid schema version (" + schema + ")");
        }
        Content c;
        try {
            c = JSON.treeToValue(tree, Content.class);
        } catch (JacksonException e) {
            throw damaged(file, "does not follow the ledger schema (" + e.getOriginalMessage() + ")");
        }
        if (c.releaseTag() == null || c.stages() == null) {
            throw damaged(file, "lacks its release tag or stages");
        }
        for (Map.Entry<String, Stage> e : c.stages().entrySet()) {
            Stage s = e.getValue();
            if (s == null || s.inputs() == null || s.outputs() == null || s.finishedAt() == null
                    || s.inputs().containsValue(null) || s.outputs().containsValue(null)) {
                throw damaged(file, "has an incomplete record of stage " + e.getKey());
            }
            try {
                Instant.parse(s.finishedAt());
            } catch (DateTimeParseException ex) {
                throw damaged(file, "has a bad time for stage " + e.getKey());
            }
        }
        return c;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Map.copyOf(map))); // no nulls
    }

    private static DamagedStateException damaged(Path file, String problem) {
        return new DamagedStateException(file.toString(), problem, DISCARD_HINT, false, DISCARD_SETTING);
    }

    /** @return the ledger file */
    public Path file() {
        return file;
    }

    /** @return every recorded stage, in the order they finished */
    public Map<String, Stage> stages() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content.stages()));
    }

    /** @return the stage's record, when it finished with exactly these inputs */
    public Optional<Stage> done(String stage, Map<String, String> inputs) {
        Stage s = content.stages().get(stage);
        return s != null && s.inputs().equals(inputs) ? Optional.of(s) : Optional.empty();
    }

    /** @return the stage's last record, whatever its inputs */
    public Optional<Stage> last(String stage) {
        return Optional.ofNullable(content.stages().get(stage));
    }

    /** Records a finished stage and writes the ledger. */
    public void record(String stage, Map<String, String> inputs, Map<String, String> outputs, Instant when)
            throws IOException {
        content.stages().remove(stage);
        // Sorted by name: the file (and status --json) reads the same from run to run.
        content.stages().put(stage, new Stage(sorted(inputs), sorted(outputs), when.toString()));
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> JSON.writeValue(out, content));
    }
}
