package io.katarelease.jenkins.library;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jenkins.plugins.git.GitSCMSource;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.workflow.libs.GlobalLibraries;
import org.jenkinsci.plugins.workflow.libs.LibraryConfiguration;
import org.jenkinsci.plugins.workflow.libs.SCMSourceRetriever;
import org.jvnet.hudson.test.JenkinsRule;

/** This working tree's shared library, configured in Jenkins the way its users configure it. */
final class Libraries {
    private Libraries() {}

    /**
     * The test repositories are local paths, which the git plugin refuses unless this property
     * is set; call it from a static initializer, before Jenkins starts.
     */
    static void allowLocalCheckouts() {
        System.setProperty("hudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT", "true");
    }

    /**
     * Commits {@code vars/}, {@code src/} and {@code resources/} of the working tree to a new git
     * repository and configures it as the global library {@code kata-release}, version {@code main},
     * retrieved by the git plugin's {@link GitSCMSource}.
     */
    static void configure(JenkinsRule r, Path tmp) throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        File repo = tmp.resolve("library").toFile();
        try (Git git = Git.init().setDirectory(repo).setInitialBranch("main").call()) {
            for (String dir : List.of("vars", "src", "resources")) {
                copyTree(root.resolve(dir), repo.toPath().resolve(dir));
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("the library at test time").setSign(false).call();
        }
        LibraryConfiguration lib = new LibraryConfiguration("kata-release",
                new SCMSourceRetriever(new GitSCMSource(repo.getAbsolutePath())));
        lib.setDefaultVersion("main");
        GlobalLibraries.get().setLibraries(List.of(lib));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
