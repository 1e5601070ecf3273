package io.katarelease.core.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that work on a fresh {@link KataRepos} pair in a temporary folder. */
public abstract class KataReposTest {
    @TempDir
    protected Path tmp;

    protected KataRepos repos;

    @BeforeEach
    void createRepos() throws Exception {
        repos = KataRepos.create(tmp.resolve("remotes"));
    }

    @AfterEach
    void closeRepos() {
        if (repos != null) {
            repos.close();
        }
    }
}
