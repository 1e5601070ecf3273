package io.katarelease.core.build;

import io.katarelease.core.build.BuildRecord.Input;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The content address of a build: SHA-256 over a manifest of every input that can change the
 * artefact, one line per input ({@code kind name sha256}). Unlike kata's own cache key (last
 * commit touching a directory, plus a hand-bumped {@code kata_config_version}), it hashes the
 * contents, so a fork patch always changes it and nothing else does.
 */
final class CacheKey {
    private final List<Input> inputs = new ArrayList<>();

    /** Adds a named value (component, version, arch, command, an environment variable). */
    CacheKey value(String name, String value) {
        inputs.add(new Input("value", name, Digests.sha256(value)));
        return this;
    }

    /** Adds a patch of the series; its position in the series is part of the key. */
    CacheKey patch(Path checkout, String path) throws IOException {
        inputs.add(new Input("patch", path, Digests.sha256(checkout.resolve(path))));
        return this;
    }

    /**
     * Adds every file below a directory of the checkout, in byte order of their paths, except
     * below the excluded subdirectories; a symbolic link counts by its target. A missing
     * directory adds a line saying so.
     */
    CacheKey tree(Path checkout, String dir, String... excluded) throws IOException {
        return tree(checkout, dir, false, excluded);
    }

    /**
     * Adds every source file of the checkout: all files except those in a {@code build}
     * directory (where kata's builds write) or in a hidden one ({@code .git} …).
     */
    CacheKey sources(Path checkout) throws IOException {
        return tree(checkout, ".", true);
    }

    private CacheKey tree(Path checkout, String dir, boolean skipBuildOutputs, String... excluded) throws IOException {
        Path base = checkout.normalize();
        Path root = base.resolve(dir).normalize();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            inputs.add(new Input("absent", dir, Digests.sha256("")));
            return this;
        }
        TreeMap<byte[], Path> files = new TreeMap<>(Arrays::compareUnsigned);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = base.relativize(p).toString().replace('\\', '/');
                boolean skip = Arrays.stream(excluded).anyMatch(x -> rel.equals(x) || rel.startsWith(x + "/"))
                        || (skipBuildOutputs && Arrays.stream(rel.split("/"))
                                .anyMatch(part -> part.equals("build") || part.startsWith(".")));
                if (!skip && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel.getBytes(StandardCharsets.UTF_8), p);
                }
            }
        }
        for (Map.Entry<byte[], Path> f : files.entrySet()) {
            String rel = new String(f.getKey(), StandardCharsets.UTF_8);
            Path p = f.getValue();
            String digest = Files.isSymbolicLink(p) ? Digests.sha256("link:" + Files.readSymbolicLink(p))
                    : Digests.sha256(p);
            inputs.add(new Input("file", rel, digest));
        }
        return this;
    }

    /** @return the inputs, in the order they were added */
    List<Input> inputs() {
        return List.copyOf(inputs);
    }

    /** @return the key: SHA-256 of the manifest */
    String digest() {
        StringBuilder manifest = new StringBuilder("kata-release build key v1\n");
        for (Input i : inputs) {
            manifest.append(i.kind()).append('\t').append(i.name()).append('\t').append(i.sha256()).append('\n');
        }
        return Digests.sha256(manifest.toString());
    }
}
