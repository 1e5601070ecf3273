package io.katarelease.pipeline

/**
 * The settings of kataReleasePipeline: the library's defaults (resources/.../defaults.properties)
 * overlaid with the map the Jenkinsfile passes. Plain Groovy without steps, so the rules are tested
 * directly; vars/kataReleasePipeline.groovy stays a thin declarative pipeline.
 */
class ReleaseConfig implements Serializable {
    private static final long serialVersionUID = 1L

    /** Components kata-release builds with their patch series, and the step that builds each. */
    static final Map<String, String> BUILD_STEPS = [qemu: 'kataBuildQemu', kernel: 'kataBuildKernel']

    /**
     * @param config what the Jenkinsfile passed (keys as in defaults.properties)
     * @param defaultsText the text of defaults.properties
     * @return every setting, as strings, except the booleans and the component list
     */
    static Map merge(Map config, String defaultsText) {
        Properties defaults = new Properties()
        defaults.load(new StringReader(defaultsText))
        Map merged = [:]
        for (String key : defaults.stringPropertyNames().sort()) {
            merged[key] = defaults.getProperty(key).trim()
        }
        for (Object key : (config ?: [:]).keySet()) {
            if (!merged.containsKey(key)) {
                throw new IllegalArgumentException("kataReleasePipeline: unknown setting '${key}'; known: ${merged.keySet().join(', ')}")
            }
            Object value = config[key]
            merged[key] = value instanceof Collection ? value.join(',') : String.valueOf(value ?: '').trim()
        }
        merged.waitForDownstream = merged.waitForDownstream == 'true'
        merged.remoteCacheInsecure = merged.remoteCacheInsecure == 'true'
        merged.components = components(merged.components)
        if (!merged.githubRepo && merged.forkUrl) {
            // github.com: owner/name; another https host (GitHub Enterprise): the URL itself, whose
            // host kataPublishRelease looks up among the configured GitHub servers.
            merged.githubRepo = githubRepo(merged.forkUrl) ?: (merged.forkUrl.startsWith('https://') ? merged.forkUrl : '')
            if (merged.githubRepo == merged.forkUrl && merged.githubApiUrl == 'https://api.github.com') {
                merged.githubApiUrl = ''
            }
        }
        return merged
    }

    /** The component list, checked against the components kata-release knows how to build. */
    static List<String> components(String list) {
        List<String> names = (list ?: '').tokenize(',').collect { it.trim() }.findAll { it }
        List<String> unknown = names.findAll { !BUILD_STEPS.containsKey(it) }
        if (unknown) {
            throw new IllegalArgumentException("kataReleasePipeline: unknown component(s) ${unknown}; known: ${BUILD_STEPS.keySet().join(', ')}")
        }
        if (!names) {
            // A release without builds would publish a tarball holding only VERSION and versions.yaml.
            throw new IllegalArgumentException("kataReleasePipeline: no component to build; give at least one of ${BUILD_STEPS.keySet().join(', ')}")
        }
        return names.unique()
    }

    /** The build command for one component ({component} replaced), or '' for kata's own build. */
    static String buildCommand(Map cfg, String component) {
        return (cfg.buildCommand ?: '').replace('{component}', component)
    }

    /**
     * The arguments of a component's build step (kataBuildQemu, kataBuildKernel).
     *
     * @param remoteCache the REMOTE_CACHE parameter: '' for no remote cache, null (a build started
     *     before the job declared it) for the remoteCache setting
     */
    static Map buildArguments(Map cfg, String component, String remoteCache) {
        String remote = remoteCache == null ? (cfg.remoteCache ?: '') : remoteCache.trim()
        // Without a remote cache the step refuses its credentials and insecure flag: none are passed.
        return [command: buildCommand(cfg, component), cache: cfg.buildCache ?: '', remoteCache: remote,
                remoteCacheCredentialsId: remote ? (cfg.remoteCacheCredentialsId ?: '') : '',
                remoteCacheInsecure: remote ? cfg.remoteCacheInsecure == true : false]
    }

    /**
     * owner/name of a github.com URL (https or ssh), or '' for other hosts. NonCPS: a regex
     * Matcher is not serializable, and CPS code may be saved between any two statements.
     */
    @NonCPS
    static String githubRepo(String url) {
        def m = url =~ /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/
        return m.matches() ? "${m.group(1)}/${m.group(2)}".toString() : ''
    }

    /**
     * The parameters of a release build started by the tag watch for one new upstream tag. A
     * REMOTE_CACHE the watch's build did not have (started before the job declared it) is left
     * out, so the release build takes the parameter's default, the remoteCache setting.
     */
    static List<Map> releaseBuildParameters(String upstreamTag, Map params) {
        List<Map> list = [
            [name: 'UPSTREAM_TAG', value: upstreamTag],
            [name: 'FORK_URL', value: params.FORK_URL],
            [name: 'SUFFIX', value: params.SUFFIX],
            [name: 'DRY_RUN', value: params.DRY_RUN],
            [name: 'COMPONENTS', value: params.COMPONENTS],
            [name: 'DOWNSTREAM_JOB', value: params.DOWNSTREAM_JOB],
        ]
        if (params.REMOTE_CACHE != null) {
            list.add([name: 'REMOTE_CACHE', value: params.REMOTE_CACHE])
        }
        return list
    }

    /** The parameters handed to the downstream validation job. */
    static List<Map> downstreamParameters(String releaseTag, String assetUrl, String assetSha256) {
        return [
            [name: 'RELEASE_TAG', value: releaseTag],
            [name: 'ASSET_URL', value: assetUrl],
            [name: 'ASSET_SHA256', value: assetSha256],
        ]
    }
}
