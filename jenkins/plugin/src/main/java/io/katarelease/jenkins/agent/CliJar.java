package io.katarelease.jenkins.agent;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jenkins.MasterToSlaveFileCallable;

/**
 * The kata-release CLI that ships inside this plugin (cli/target/kata-release.jar, copied in at
 * build time), put beside the workspace once per content. The copy is checked against the
 * plugin's own digest before every step, because the build scripts that run in the workspace
 * could have replaced it, and the next step may hand it a token.
 */
final class CliJar {
    static final String RESOURCE = "kata-release.jar";
    private static volatile String sha256;

    private CliJar() {}

    /** @return the jar on the agent, in {@code dir}, copied there unless an identical copy is there */
    static FilePath stage(FilePath dir) throws IOException, InterruptedException {
        String digest = sha256();
        FilePath jar = dir.child("kata-release-" + digest.substring(0, 16) + ".jar");
        if (!jar.act(new HasDigest(digest))) {
            dir.mkdirs();
            FilePath part = dir.createTempFile("kata-release-", ".jar.part");
            try (InputStream in = open()) {
                part.copyFrom(in);
            }
            part.act(new MoveOnto(jar.getRemote()));
        }
        return jar;
    }

    static String sha256() throws IOException {
        String known = sha256;
        if (known == null) {
            try (InputStream in = open()) {
                known = digest(in);
            }
            sha256 = known;
        }
        return known;
    }

    private static InputStream open() throws IOException {
        InputStream in = CliJar.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the kata-release CLI is missing from this plugin (" + RESOURCE + " beside "
                    + CliJar.class.getName() + "); rebuild the plugin from the repository root, which bundles"
                    + " cli/target/kata-release.jar");
        }
        return in;
    }

    private static String digest(InputStream in) throws IOException {
        try (DigestInputStream d = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            d.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(d.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Runs on the agent: whether the file is a regular file (not a link) with this SHA-256. */
    private static final class HasDigest extends MasterToSlaveFileCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        private final String sha256;

        HasDigest(String sha256) {
            this.sha256 = sha256;
        }

        @Override
        public Boolean invoke(File file, VirtualChannel channel) throws IOException {
            Path path = file.toPath();
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return false; // missing, a link, a directory: staged afresh
            }
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                return digest(in).equals(sha256);
            } catch (IOException e) {
                return false; // swapped for a link meanwhile, unreadable: staged afresh
            }
        }
    }

    /** Runs on the agent: renames the staged copy over the target, replacing whatever is there. */
    private static final class MoveOnto extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String target;

        MoveOnto(String target) {
            this.target = target;
        }

        @Override
        public Void invoke(File part, VirtualChannel channel) throws IOException {
            Path to = Path.of(target);
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(to + " is a directory; remove it and re-run the step");
            }
            Files.move(part.toPath(), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        }
    }
}
