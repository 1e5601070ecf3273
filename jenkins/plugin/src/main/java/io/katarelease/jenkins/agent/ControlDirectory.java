package io.katarelease.jenkins.agent;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import hudson.slaves.WorkspaceList;
import io.katarelease.cli.agent.AgentProtocol;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import jenkins.MasterToSlaveFileCallable;

/**
 * A step's own directory on the agent, {@code <workspace>@tmp/kata-release/<id>}: the request
 * and the token for the CLI's AgentRunner, and the outcome it leaves. It lives beside the
 * workspace, as {@code sh}'s control files do, so it is reachable wherever the workspace is
 * (inside {@code container} or {@code docker.image().inside}), and it is not in the workspace,
 * so builds and archives do not see it. The file names are the CLI's {@link AgentProtocol}.
 */
final class ControlDirectory {
    /** An outcome is a few KiB; more is not from our runner, and is not read. */
    static final int MAX_OUTCOME_BYTES = 16 << 20;

    private ControlDirectory() {}

    /** @return the directory that holds every step's control directory and the staged CLI jar */
    static FilePath root(FilePath workspace) throws IOException {
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new IOException("the workspace " + workspace.getRemote() + " has no parent directory for the"
                    + " kata-release control files; run the step in a workspace below the agent's root (node or ws)");
        }
        return tmp.child("kata-release");
    }

    /**
     * Runs on the agent: makes the root of the control directories a directory that only the
     * agent's user can enter (0700, not a link, owned by that user), creating it when missing.
     * Build scripts run in the workspace beside it; a root they made for us is refused.
     */
    static final class MakePrivate extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void invoke(File root, VirtualChannel channel) throws IOException {
            privateDirectory(root.toPath());
            return null;
        }
    }

    /**
     * Creates {@code dir} (and its parents) when missing, as a directory only this user may enter;
     * an existing one must be a directory of this user's (not a link), and is made 0700.
     */
    private static Path privateDirectory(Path path) throws IOException {
        Path dir = path.toAbsolutePath();
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " is not a directory (a link or a file); remove it and re-run the step");
            }
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException(dir + " belongs to " + owner + ", not to the agent's user "
                        + System.getProperty("user.name") + "; remove it and re-run the step");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /**
     * Runs on the agent: creates the control directory (0700), writes the request and the token
     * (0600, created afresh so nothing else can have opened it), and answers where the agent's
     * own Java is. Holds the token while it travels: never saved.
     */
    static final class Prepare extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        private final String request;
        private final String token;

        Prepare(String request, String token) {
            this.request = request;
            this.token = token;
        }

        @Override
        public String invoke(File control, VirtualChannel channel) throws IOException {
            // An existing one is a launch that a controller restart interrupted: its files are written again.
            Path dir = privateDirectory(control.toPath());
            write(dir.resolve(AgentProtocol.REQUEST_FILE), request);
            if (token != null) {
                write(dir.resolve(AgentProtocol.TOKEN_FILE), token);
            }
            return System.getProperty("java.home");
        }

        private static void write(Path file, String text) throws IOException {
            Files.deleteIfExists(file);
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
        }
    }

    /** Runs on the agent: the outcome the runner wrote, or null when it wrote none. */
    static final class ReadOutcome extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File control, VirtualChannel channel) throws IOException {
            Path file = control.toPath().resolve(AgentProtocol.OUTCOME_FILE);
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes(MAX_OUTCOME_BYTES + 1);
                if (bytes.length > MAX_OUTCOME_BYTES) {
                    throw new IOException(file + " is larger than " + MAX_OUTCOME_BYTES + " bytes; it is not a"
                            + " kata-release outcome");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
