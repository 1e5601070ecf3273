package io.katarelease.core.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The record of one release's finished stages, one JSON file per release tag: each stage with the
 * inputs it ran on, the outputs it produced and when it finished. A run consults it to skip a
 * stage whose inputs are unchanged, and redoes one whose inputs moved. Written atomically after
 * every stage, so a killed run loses at most the stage in progress.
 */
public final class Ledger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One finished stage.
     *
     * @param inputs what it ran on (commit ids, digests, names)
     * @param outputs what it produced
     * @param finishedAt when
     */
    public record Stage(Map<String, String> inputs, Map<String, String> outputs, String finishedAt) {}

    /** The file's content. */
    public record Content(String releaseTag, Map<String, Stage> stages) {}

    private final Path file;
    private final Content content;

    private Ledger(Path file, Content content) {
        this.file = file;
        this.content = content;
    }

    /** Opens (or starts) the ledger {@code <dir>/<key>.json}. */
    public static Ledger open(Path dir, String key) throws IOException {
        Path file = dir.resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            Content c = JSON.readValue(file.toFile(), Content.class);
            return new Ledger(file, new Content(c.releaseTag(), new LinkedHashMap<>(c.stages())));
        }
        return new Ledger(file, new Content(key, new LinkedHashMap<>()));
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
        content.stages().put(stage, new Stage(Map.copyOf(inputs), Map.copyOf(outputs), when.toString()));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
        JSON.writeValue(tmp.toFile(), content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
