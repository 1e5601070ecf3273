package io.katarelease.jenkins.credentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials;
import org.jenkinsci.plugins.github_branch_source.app_credentials.AccessSpecifiedRepositories;
import org.jenkinsci.plugins.github_branch_source.app_credentials.RepositoryAccessStrategy;

/**
 * GitHub App credentials (GitHub Branch Source, an optional dependency): this class is loaded only
 * when that plugin is installed, which {@link #available()} tells. GitHub Branch Source mints the
 * installation token; the credentials' repository access ("specify the owner and repositories")
 * pins the installation. A step refuses credentials pinned to another owner than the repository
 * it works on, before anything runs.
 */
final class GitHubApps {
    private GitHubApps() {}

    /** @return whether GitHub Branch Source is installed (without loading its classes) */
    static boolean available() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        return jenkins != null && jenkins.getPlugin("github-branch-source") != null;
    }

    /**
     * @param repository owner/name the token is for, or null
     * @return why a GitHub App's credentials cannot be used for that repository, or null
     */
    static String ownerProblem(StandardUsernamePasswordCredentials credentials, String repository) {
        if (!(credentials instanceof GitHubAppCredentials app) || repository == null || !repository.contains("/")) {
            return null;
        }
        String owner = repository.substring(0, repository.indexOf('/'));
        String pinned = null;
        RepositoryAccessStrategy strategy = app.getRepositoryAccessStrategy();
        if (strategy instanceof AccessSpecifiedRepositories specified) {
            pinned = specified.getOwner();
        }
        if (pinned == null || pinned.isBlank()) {
            pinned = app.getOwner();
        }
        if (pinned != null && !pinned.isBlank() && !pinned.toLowerCase(Locale.ROOT).equals(owner.toLowerCase(Locale.ROOT))) {
            return "the GitHub App credentials are for the installation of '" + pinned + "', but this step works on "
                    + repository + ". Use credentials whose repository access names the owner '" + owner + "'";
        }
        return null;
    }
}
