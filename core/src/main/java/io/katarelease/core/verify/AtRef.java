package io.katarelease.core.verify;

import io.katarelease.core.NotFoundException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.versions.PatchRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What the release ref holds that the tarball is compared with.
 *
 * @param label the ref as reports name it (a commit id shortened)
 * @param versionsYaml its {@code versions.yaml}
 * @param kataConfigVersion its {@code kata_config_version}, or null when absent
 */
record AtRef(String label, byte[] versionsYaml, String kataConfigVersion) {

    /** @throws NotFoundException when the ref or its versions.yaml does not exist */
    static AtRef read(Repository repository, String ref) throws IOException, NotFoundException {
        ObjectId id = repository.resolve(ref + "^{commit}");
        if (id == null) {
            throw new NotFoundException("ref " + Texts.quote(ref) + " names no branch, tag or commit", Setting.REF);
        }
        String label = ref.matches("[0-9a-f]{40}") ? Texts.shortId(ref) : ref;
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            byte[] yaml = blob(repository, commit, "versions.yaml");
            if (yaml == null) {
                throw new NotFoundException("no versions.yaml at " + Texts.quote(ref));
            }
            byte[] config = blob(repository, commit, PatchRules.KATA_CONFIG_VERSION);
            return new AtRef(label, yaml, config == null ? null : new String(config, StandardCharsets.UTF_8).strip());
        }
    }

    /** @return a regular file's content at the commit, or null (absent, a link, a directory) */
    private static byte[] blob(Repository repository, RevCommit commit, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (tw == null || (tw.getRawMode(0) & 0170000) != 0100000) {
                return null;
            }
            return repository.open(tw.getObjectId(0)).getBytes(Checks.SMALL_FILE);
        }
    }
}
