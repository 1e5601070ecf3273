package io.katarelease.core.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code <tag>.patches.txt} fixture: the patch directories of a real kata-containers
 * tag, and for each QEMU and kernel entry of its versions.yaml the directories kata's scripts
 * select with the files inside, as listed from the real repository.
 */
final class PatchListing {
    /** A selected directory as the listing shows it. */
    record Dir(String path, String kind, List<String> files, List<String> subdirs) {
        List<String> patches() {
            return files.stream().filter(f -> f.endsWith(".patch")).toList();
        }
    }

    /** One versions.yaml entry and the directories it selects. */
    record Entry(String path, String value, List<Dir> dirs) {}

    final List<String> qemuDirs = new ArrayList<>();
    final List<String> qemuTagDirs = new ArrayList<>();
    final List<String> kernelDirs = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    String kataConfigVersion;
    String version;
    boolean commonApplier;

    private static final Pattern ENTRY = Pattern.compile("^## (\\S+) = \"(.*)\"$");
    private static final Pattern DIR = Pattern.compile("^  (tools/\\S*)\\s+(.*)$");

    static PatchListing parse(String text) {
        PatchListing l = new PatchListing();
        String section = "";
        Entry entry = null;
        Dir dir = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# ERA NOTE: patches applied by tools/packaging/scripts/apply_patches.sh")) {
                l.commonApplier = true;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                if (section.equals("KATA_CONFIG_VERSION")) {
                    l.kataConfigVersion = line.substring(line.indexOf("= ") + 2).strip();
                } else if (section.equals("VERSION_FILE")) {
                    l.version = line.substring(line.indexOf("= ") + 2).strip();
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#") && !line.startsWith("## ")) {
                continue;
            }
            switch (section) {
                case "QEMU_PATCH_DIRS" -> l.qemuDirs.add(line.strip());
                case "QEMU_TAG_PATCH_DIRS" -> l.qemuTagDirs.add(line.strip());
                case "KERNEL_PATCH_DIRS" -> l.kernelDirs.add(line.strip());
                case "SELECTED_BY_VERSIONS_YAML" -> {
                    Matcher e = ENTRY.matcher(line);
                    Matcher d = DIR.matcher(line);
                    if (e.matches()) {
                        entry = new Entry(e.group(1), e.group(2), new ArrayList<>());
                        l.entries.add(entry);
                    } else if (d.matches()) {
                        String rest = d.group(2);
                        String kind = rest.contains("not derivable") ? "from-source-tree"
                                : rest.contains("does not exist at this tag") ? "not-used"
                                : rest.contains("build_type dir") ? "build-type" : "dir";
                        dir = new Dir(d.group(1).replaceAll("/$", ""), kind, new ArrayList<>(), new ArrayList<>());
                        entry.dirs().add(dir);
                    } else if (line.startsWith("    ")) {
                        String name = line.strip();
                        if (name.contains("/ ") || name.endsWith("/")) {
                            dir.subdirs().add(name.substring(0, name.indexOf('/')));
                        } else {
                            dir.files().add(name);
                        }
                    }
                }
                default -> { }
            }
        }
        return l;
    }

    /** The files of a tree shaped like the tag's patch directories (contents made up, names real). */
    Map<String, String> tree() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String d : qemuDirs) {
            if (!d.equals("tag_patches")) {
                files.put("tools/packaging/qemu/patches/" + d + "/no_patches.txt", "");
            }
        }
        qemuTagDirs.forEach(d -> files.put("tools/packaging/qemu/patches/tag_patches/" + d + "/no_patches.txt", ""));
        kernelDirs.forEach(d -> files.put("tools/packaging/kernel/patches/" + d + "/no_patches.txt", ""));
        for (Entry e : entries) {
            for (Dir d : e.dirs()) {
                if (!d.kind().equals("dir") && !d.kind().equals("build-type")) {
                    continue;
                }
                files.remove(d.path() + "/no_patches.txt");
                d.files().forEach(f -> files.put(d.path() + "/" + f, f.endsWith(".patch") ? "patch " + f + "\n" : ""));
                d.subdirs().forEach(s -> files.putIfAbsent(d.path() + "/" + s + "/no_patches.txt", ""));
            }
        }
        // a build-type directory listed with patches replaces the placeholder its parent put there
        for (Entry e : entries) {
            for (Dir d : e.dirs()) {
                if (d.kind().equals("build-type") && !d.files().contains("no_patches.txt")) {
                    files.remove(d.path() + "/no_patches.txt");
                }
            }
        }
        files.put("tools/packaging/kernel/kata_config_version", kataConfigVersion + "\n");
        files.put("VERSION", version + "\n");
        if (commonApplier) {
            files.put("tools/packaging/scripts/apply_patches.sh", "#!/bin/bash\n");
        }
        return files;
    }
}
