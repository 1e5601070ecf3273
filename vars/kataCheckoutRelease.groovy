/**
 * Checks out the fork at a release tag into the workspace, shallow (kata's history is large and
 * the build needs none of it). Uses the git plugin's checkout step.
 */
def call(Map args) {
    for (String key : ['fork', 'releaseTag']) {
        if (!args[key]) {
            error "kataCheckoutRelease: '${key}' is required"
        }
    }
    String tag = args.releaseTag
    checkout scmGit(branches: [[name: "refs/tags/${tag}"]],
                    extensions: [cloneOption(shallow: true, depth: 1, noTags: true), cleanBeforeCheckout()],
                    userRemoteConfigs: [[url: args.fork, credentialsId: args.credentialsId ?: null,
                                         refspec: "+refs/tags/${tag}:refs/tags/${tag}"]])
}
