package io.katarelease.core.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit from starting the {@code git} program. JGit runs {@code git --version} and
 * {@code git config --system --list} the first time it reads configuration, only to locate
 * git's system-wide config file. The engine needs neither: it works in its own bare cache and
 * reads only the user's git config (for proxies and URL rewrites). This saves two process starts
 * per run and keeps the engine independent of a git installation.
 */
public final class NoGitProgram {
    private static boolean installed;

    private NoGitProgram() {}

    /** Installs the JVM-wide JGit system reader that skips git's system config; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, null, fs) {
                    @Override
                    public void load() {
                        // No system config: nothing to read.
                    }

                    @Override
                    public boolean isOutdated() {
                        return false;
                    }
                };
            }
        });
        installed = true;
    }
}
