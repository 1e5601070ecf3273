package io.katarelease.core;

import io.katarelease.core.build.remote.RegistryCredentials;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment of the processes kata-release starts that run code it did not write (kata's
 * build scripts, a built QEMU), and the rule that keeps tokens away from them: a token is never
 * passed to such a child, and such a child is never started by a process whose own environment
 * holds one, since every process of the same user can read an ancestor's
 * {@code /proc/<pid>/environ} for as long as the ancestor lives.
 */
public final class ChildEnvironment {
    /** The git token for HTTPS remotes. */
    public static final String GIT_TOKEN = "KATA_RELEASE_GIT_TOKEN";
    /** The GitHub API token for publishing. */
    public static final String GITHUB_TOKEN = "KATA_RELEASE_GITHUB_TOKEN";
    /** The token GitHub Actions and many CI systems set; read when ours are not. */
    public static final String CI_GITHUB_TOKEN = "GITHUB_TOKEN";
    /** The gh tool's token: never read, but kept from builds like ours. */
    public static final String GH_TOKEN = "GH_TOKEN";
    /**
     * Every variable that may hold a token, comma-separated: a compile-time constant, so the
     * Jenkins plugin gets it copied in (through the agent protocol) and strips the same names.
     */
    public static final String TOKEN_VARIABLE_NAMES = GIT_TOKEN + "," + GITHUB_TOKEN + "," + CI_GITHUB_TOKEN + ","
            + GH_TOKEN + "," + RegistryCredentials.PAIR_VARIABLE + "," + RegistryCredentials.TOKEN_VARIABLE;
    /** The variables kata-release reads tokens from (and GH_TOKEN, the gh tool's). */
    public static final List<String> TOKEN_VARIABLES = List.of(TOKEN_VARIABLE_NAMES.split(","));
    /**
     * Names a build gets from kata-release's own environment: the system basics, proxies, and the
     * Docker client's settings (kata's builds run in containers).
     */
    public static final List<String> PASSED = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL",
            "LC_CTYPE", "TERM", "TZ", "TMPDIR", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
            "NO_PROXY", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "DOCKER_CONTEXT",
            "DOCKER_BUILDKIT");
    /** Lists further names to pass, comma-separated (e.g. {@code KATA_RELEASE_BUILD_ENV=CI,SOURCE_DATE_EPOCH}). */
    public static final String EXTRA = "KATA_RELEASE_BUILD_ENV";

    private ChildEnvironment() {}

    /** @return what a build started from a process with environment {@code own} gets, tokens never */
    public static Map<String, String> forBuild(Map<String, String> own) {
        Set<String> names = new LinkedHashSet<>(PASSED);
        String extra = own.get(EXTRA);
        if (extra != null) {
            for (String name : extra.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        names.removeAll(TOKEN_VARIABLES);
        Map<String, String> env = new TreeMap<>();
        for (String name : names) {
            String value = own.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /**
     * Refuses to start code kata-release did not write from a process whose own environment holds
     * a token (it could read it from {@code /proc}).
     *
     * @param own this process's environment ({@code System.getenv()})
     * @param what what was to be started, for the message
     */
    public static void checkNoToken(Map<String, String> own, String what) throws InvalidInputException {
        for (String name : TOKEN_VARIABLES) {
            String value = own.get(name);
            if (value != null && !value.isBlank()) {
                throw new InvalidInputException(name + " is in this process's environment, where " + what
                        + " could read it (/proc/" + ProcessHandle.current().pid() + "/environ); run kata-release"
                        + " through bin/kata-release, which hands tokens over on a descriptor instead, or give the"
                        + " token in a git or GitHub token file", Setting.GIT_TOKEN, Setting.GITHUB_TOKEN);
            }
        }
    }
}
