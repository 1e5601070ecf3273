package io.katarelease.core.build;

import io.katarelease.core.testing.KataRepos;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A kata-containers checkout on disk, shaped like 4.1.0 (real versions.yaml, kata's patch and
 * build-script layout), whose build command really makes {@code build/kata-static-<c>.tar.xz}
 * with GNU tar and counts its runs in {@code build-count}.
 */
final class KataCheckout {
    static final String QEMU_PATCH = "tools/packaging/qemu/patches/tag_patches/v11.0.1/0001-do-tune.patch";
    static final String KERNEL_PATCH = "tools/packaging/kernel/patches/6.18.x/0001-do-fix.patch";
    /** Builds the component named by $KATA_RELEASE_COMPONENT, like kata's make targets would. */
    static final String BUILD = "sh tools/packaging/static-build/fake-build.sh";

    final Path dir;

    KataCheckout(Path dir) throws IOException {
        this.dir = dir;
        write("versions.yaml", KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml"));
        write("VERSION", "4.1.0\n");
        write("tools/packaging/scripts/apply_patches.sh", "#!/bin/bash\n");
        write("tools/packaging/kernel/kata_config_version", "202\n");
        write("tools/packaging/kernel/configs/fragments/x86_64/base.conf", "CONFIG_VIRTIO=y\n");
        write("tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt", "");
        write(KERNEL_PATCH, diff("hello.c", "hello", "hello, fork"));
        write("tools/packaging/qemu/patches/11.0.x/no_patches.txt", "");
        write(QEMU_PATCH, diff("hello.c", "hello", "hello, fork"));
        write("tools/packaging/static-build/qemu/build-qemu.sh", "#!/bin/bash\necho qemu\n");
        write("tools/packaging/static-build/kernel/build.sh", "#!/bin/bash\necho kernel\n");
        write("tools/packaging/kata-deploy/local-build/Makefile", "qemu-tarball:\n\techo qemu\n");
        write("tools/packaging/static-build/fake-build.sh", String.join("\n",
                "set -e",
                "c=$KATA_RELEASE_COMPONENT",
                "echo \"building $c with USE_CACHE=$USE_CACHE RELEASE=$RELEASE\"",
                "echo x >> build-count",
                "stage=$(mktemp -d)",
                "mkdir -p $stage/opt/kata/bin $stage/opt/kata/share/kata-containers",
                "if [ $c = qemu ]; then echo qemu > $stage/opt/kata/bin/qemu-system-x86_64; fi",
                "if [ $c = kernel ]; then echo kernel > $stage/opt/kata/share/kata-containers/vmlinuz-6.18.35-202; fi",
                "mkdir -p build",
                "tar -cJf build/kata-static-$c.tar.xz -C $stage ./opt",
                "rm -rf $stage",
                "echo done",
                ""));
    }

    /** Writes a file of the checkout, creating its directories. */
    void write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** @return how many times the build command really ran */
    int builds() throws IOException {
        Path count = dir.resolve("build-count");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    /** A unified diff against a file of {@link #source}. */
    static String diff(String file, String before, String after) {
        return "--- a/" + file + "\n+++ b/" + file + "\n@@ -1,3 +1,3 @@\n int main() {\n-  puts(\"" + before
                + "\");\n+  puts(\"" + after + "\");\n }\n";
    }

    /** A component source tree the patches apply to. */
    static Path source(Path dir, String greeting) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hello.c"), "int main() {\n  puts(\"" + greeting + "\");\n}\n");
        Files.writeString(dir.resolve("VERSION"), "11.0.1\n");
        return dir;
    }

    /** Writes a real .tar.zst with the given members (path to content), in Java. */
    static void tarZst(Path file, Map<String, String> members) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream zst = new io.airlift.compress.zstd.ZstdOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(zst)) {
            for (Map.Entry<String, String> m : members.entrySet()) {
                byte[] bytes = m.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }
}
