package io.katarelease.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.LinkGraph.Escapes;
import io.katarelease.core.LinkGraph.Inside;
import io.katarelease.core.LinkGraph.Loops;
import io.katarelease.core.LinkGraph.Resolution;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links resolved as the kernel resolves them: checked against the kernel itself. */
class LinkGraphTest {
    @TempDir
    Path tmp;

    @Test
    void aChainThatLooksInsideButLeavesIsSeen() {
        LinkGraph g = new LinkGraph();
        g.addLink("opt/kata/a", ".");
        // Lexically opt/kata/a/a/a/a/../../../../etc is opt/kata/etc; the kernel climbs 4 levels from opt/kata.
        g.addLink("opt/kata/b", "a/a/a/a/../../../../etc");
        assertThat(g.resolve("opt/kata/b")).isInstanceOf(Escapes.class);
        assertThat(g.resolve("opt/kata/a")).isEqualTo(new Inside("opt/kata"));
        g.addLink("opt/kata/deep", "share/kata-containers/x");
        g.addLink("opt/kata/up", "deep/../../bin");
        // deep/.. is share/kata-containers, not opt/kata.
        assertThat(g.resolve("opt/kata/up")).isEqualTo(new Inside("opt/kata/share/bin"));
        g.addLink("opt/kata/loop1", "loop2");
        g.addLink("opt/kata/loop2", "loop1");
        assertThat(g.resolve("opt/kata/loop1")).isInstanceOf(Loops.class);
        g.addLink("opt/kata/abs", "/etc/passwd");
        assertThat(g.resolve("opt/kata/abs")).isInstanceOf(Escapes.class);
        assertThat(g.linkAbove("opt/kata/deep/file")).isEqualTo("opt/kata/deep");
        assertThat(g.linkAbove("opt/kata/share/file")).isNull();
        assertThat(LinkGraph.within("opt/kata/share/bin", "opt/kata")).isTrue();
        assertThat(LinkGraph.within("opt/katax", "opt/kata")).isFalse();
    }

    /**
     * Random trees of directories and links, made on disk: for every path through them, the
     * kernel's answer (where it ends, or a loop) is the graph's.
     */
    @Test
    void randomLinkGraphsResolveAsTheKernelDoes() throws Exception {
        int compared = 0;
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Path root = Files.createDirectories(tmp.resolve("t" + seed).resolve("root"));
            List<String> dirs = new ArrayList<>(List.of("", "d0", "d0/d1", "d2", "d0/d1/d3"));
            for (String d : dirs) {
                Files.createDirectories(root.resolve(d.isEmpty() ? "." : d));
            }
            LinkGraph graph = new LinkGraph();
            List<String> links = new ArrayList<>();
            String[] words = {"..", ".", "d0", "d1", "d2", "d3", "l0", "l1", "l2", "l3"};
            for (int i = 0; i < 4; i++) {
                String dir = dirs.get(random.nextInt(dirs.size()));
                String name = (dir.isEmpty() ? "" : dir + "/") + "l" + i;
                StringBuilder target = new StringBuilder(random.nextInt(12) == 0 ? "/" : "");
                int parts = 1 + random.nextInt(5);
                for (int k = 0; k < parts; k++) {
                    target.append(k == 0 ? "" : "/").append(words[random.nextInt(words.length)]);
                }
                Files.createSymbolicLink(root.resolve(name), Path.of(target.toString()));
                graph.addLink(name, target.toString());
                links.add(name);
            }
            List<String> paths = new ArrayList<>(links);
            for (String link : links) {
                paths.add(link + "/..");
                paths.add(link + "/d1");
            }
            Path realRoot = root.toRealPath();
            for (String path : paths) {
                Resolution ours = graph.resolve(path);
                Path kernel;
                try {
                    kernel = root.resolve(path).toRealPath();
                } catch (NoSuchFileException e) {
                    continue; // dangles somewhere: the kernel does not say where it would have ended
                } catch (FileSystemException e) {
                    if (String.valueOf(e.getReason()).contains("symbolic links")) {
                        assertThat(ours).as("seed %d %s", seed, path).isInstanceOf(Loops.class);
                        compared++;
                        continue;
                    }
                    if (String.valueOf(e.getReason()).contains("Not a directory")) {
                        continue;
                    }
                    throw e;
                }
                compared++;
                if (kernel.startsWith(realRoot)) {
                    assertThat(ours).as("seed %d %s (the kernel: %s)", seed, path, kernel)
                            .isEqualTo(new Inside(realRoot.relativize(kernel).toString()));
                } else {
                    assertThat(ours).as("seed %d %s (the kernel: %s)", seed, path, kernel).isInstanceOf(Escapes.class);
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }
}
