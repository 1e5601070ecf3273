package io.katarelease.jenkins.credentials;

import hudson.AbortException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jenkinsci.plugins.github_branch_source.Endpoint;
import org.jenkinsci.plugins.github_branch_source.GitHubConfiguration;

/**
 * The API URL of a GitHub server, from GitHub Branch Source's list of GitHub Enterprise servers
 * (Manage Jenkins > System), so that a fork on GitHub Enterprise needs no URL of its own. Loaded
 * only when that plugin is installed ({@link GitHubApps#available()}).
 */
public final class GitHubServers {
    private GitHubServers() {}

    /**
     * @param host the repository's web host (e.g. ghe.example.com)
     * @return the API URL: GitHub's for github.com, else the configured server on that host
     * @throws AbortException when no server on that host is configured, naming the host and the fix
     */
    public static String apiUrlFor(String host, String function) throws AbortException {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("github.com") || h.equals("www.github.com")) {
            return "https://api.github.com";
        }
        List<String> known = new ArrayList<>();
        if (GitHubApps.available()) {
            for (Endpoint e : GitHubConfiguration.get().getEndpoints()) {
                String api = e.getApiUri();
                known.add(api);
                try {
                    String apiHost = URI.create(api).getHost();
                    if (apiHost != null && (apiHost.equalsIgnoreCase(h) || apiHost.equalsIgnoreCase("api." + h))) {
                        return api;
                    }
                } catch (IllegalArgumentException ignored) {
                    // a malformed entry is not this host's
                }
            }
        }
        throw new AbortException(function + ": no GitHub server on " + host + " is configured"
                + (known.isEmpty() ? "" : " (configured: " + String.join(", ", known) + ")")
                + ". Add it under Manage Jenkins > System > GitHub Enterprise Servers (GitHub Branch Source),"
                + " or give githubApiUrl");
    }
}
