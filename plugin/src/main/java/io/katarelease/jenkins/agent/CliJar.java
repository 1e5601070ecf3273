package io.katarelease.jenkins.agent;

import hudson.FilePath;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The kata-release CLI that ships inside this plugin (built from cli/ and copied in as a
 * resource), put on an agent once per content: a jar named by its SHA-256 is never rewritten, so
 * builds running at the same time share it safely.
 */
final class CliJar {
    static final String RESOURCE = "/io/katarelease/jenkins/kata-release.jar";
    private static volatile String sha256;

    private CliJar() {}

    /** @return the jar on the agent, in {@code dir}, copied there if it is not yet */
    static FilePath stage(FilePath dir) throws IOException, InterruptedException {
        FilePath jar = dir.child("kata-release-" + sha256().substring(0, 16) + ".jar");
        if (!jar.exists()) {
            dir.mkdirs();
            FilePath part = dir.child(jar.getName() + "." + Long.toHexString(System.nanoTime()) + ".part");
            try (InputStream in = open()) {
                part.copyFrom(in);
            }
            try {
                part.renameTo(jar);
            } catch (IOException e) {
                // Another build staged the same jar first: theirs is as good as ours.
                part.delete();
                if (!jar.exists()) {
                    throw e;
                }
            }
        }
        return jar;
    }

    static String sha256() throws IOException {
        String known = sha256;
        if (known == null) {
            try (DigestInputStream in = new DigestInputStream(open(), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                known = HexFormat.of().formatHex(in.getMessageDigest().digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            sha256 = known;
        }
        return known;
    }

    private static InputStream open() throws IOException {
        InputStream in = CliJar.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the kata-release CLI is missing from this plugin (" + RESOURCE
                    + "); rebuild the plugin with 'mvn package', which copies cli/target/kata-release.jar in");
        }
        return in;
    }
}
