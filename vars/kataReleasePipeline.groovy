import io.katarelease.pipeline.ReleaseConfig

/**
 * The whole fork release as one declarative pipeline: watch upstream tags, sync the fork, build
 * QEMU and the kernel in parallel on x86_64 agents, package, verify, publish, hand off.
 * Settings: see kataReleasePipeline.txt and resources/io/katarelease/pipeline/defaults.properties.
 */
def call(Map config = [:]) {
    Map cfg = ReleaseConfig.merge(config, libraryResource('io/katarelease/pipeline/defaults.properties'))
    // Declarative's parameters take literals and properties, not method calls: texts made here.
    String componentsDefault = cfg.components.join(',')
    String componentsHelp = "Components to build, comma-separated (${ReleaseConfig.BUILD_STEPS.keySet().join(', ')})."

    pipeline {
        agent none
        parameters {
            string(name: 'UPSTREAM_TAG', defaultValue: '', trim: true,
                   description: 'Upstream tag to release, e.g. 4.1.0. Empty: look for upstream tags the fork has not released and start one build of this job for each.')
            string(name: 'FORK_URL', defaultValue: cfg.forkUrl, trim: true, description: 'The fork that receives the pushes and the release.')
            string(name: 'SUFFIX', defaultValue: cfg.suffix, trim: true, description: 'Release tags are <upstream tag>-<suffix>-<n>.')
            booleanParam(name: 'DRY_RUN', defaultValue: false, description: 'Print the sync plan (every commit and ref); push, build and publish nothing.')
            string(name: 'COMPONENTS', defaultValue: componentsDefault, trim: true, description: componentsHelp)
            string(name: 'DOWNSTREAM_JOB', defaultValue: cfg.downstreamJob, trim: true, description: 'Job started after publishing with RELEASE_TAG, ASSET_URL and ASSET_SHA256 (empty: none).')
            string(name: 'REMOTE_CACHE', defaultValue: cfg.remoteCache, trim: true, description: 'Build cache shared by the agents in an OCI registry, oci://HOST[:PORT]/REPOSITORY (empty: none).')
        }
        triggers {
            cron("${cfg.tagWatchCron}")
        }
        options {
            disableConcurrentBuilds()
            timeout(time: 4, unit: 'HOURS')
            buildDiscarder(logRotator(numToKeepStr: '50'))
            skipDefaultCheckout()
        }
        stages {
            stage('New upstream tags') {
                when { beforeAgent true; expression { !params.UPSTREAM_TAG } }
                agent { label "${cfg.agentLabel}" }
                steps {
                    script {
                        def tags = kataUpstreamTags(upstream: cfg.upstreamUrl, fork: params.FORK_URL, suffix: params.SUFFIX,
                                                    since: cfg.since, credentialsId: cfg.gitCredentialsId)
                        for (String tag : tags.pending) {
                            build job: env.JOB_NAME, wait: false,
                                  parameters: ReleaseConfig.releaseBuildParameters(tag, params).collect { jobParameter(it) }
                        }
                        currentBuild.description = tags.pending ? "started releases of ${tags.pending.join(', ')}" : 'no new upstream tag'
                    }
                }
            }
            stage('Sync fork') {
                when { beforeAgent true; expression { params.UPSTREAM_TAG } }
                agent { node { label "${cfg.agentLabel}"; retries 2 } }
                steps {
                    script {
                        ReleaseConfig.components(params.COMPONENTS) // an unknown component fails here, before anything is pushed
                        def sync = kataSyncFork(upstream: cfg.upstreamUrl, fork: params.FORK_URL, tag: params.UPSTREAM_TAG,
                                                suffix: params.SUFFIX, patchBranch: cfg.patchBranch, mirrorBranch: cfg.mirrorBranch,
                                                releaseBranchPrefix: cfg.releaseBranchPrefix,
                                                credentialsId: cfg.gitCredentialsId, dryRun: params.DRY_RUN)
                        env.RELEASE_TAG = sync.releaseTag
                        currentBuild.displayName = "#${currentBuild.number} ${sync.releaseTag}${params.DRY_RUN ? ' (dry run)' : ''}"
                    }
                }
            }
            stage('Build') {
                when { expression { params.UPSTREAM_TAG && !params.DRY_RUN } }
                parallel {
                    stage('QEMU') {
                        when { beforeAgent true; expression { 'qemu' in ReleaseConfig.components(params.COMPONENTS) } }
                        agent { node { label "${cfg.agentLabel}"; retries 2 } }
                        steps {
                            kataCheckoutRelease(fork: params.FORK_URL, releaseTag: env.RELEASE_TAG, credentialsId: cfg.gitCredentialsId)
                            script {
                                kataBuildQemu(ReleaseConfig.buildArguments(cfg, 'qemu', params.REMOTE_CACHE))
                            }
                            // One xz-compressed file per component and its build record (the release report's
                            // "Component builds" table reads it), stashed for the release stage.
                            stash name: 'kata-static-qemu', includes: 'build/kata-static-qemu.tar.*, build/kata-static-qemu.build.json'
                        }
                    }
                    stage('Kernel') {
                        when { beforeAgent true; expression { 'kernel' in ReleaseConfig.components(params.COMPONENTS) } }
                        agent { node { label "${cfg.agentLabel}"; retries 2 } }
                        steps {
                            kataCheckoutRelease(fork: params.FORK_URL, releaseTag: env.RELEASE_TAG, credentialsId: cfg.gitCredentialsId)
                            script {
                                kataBuildKernel(ReleaseConfig.buildArguments(cfg, 'kernel', params.REMOTE_CACHE))
                            }
                            stash name: 'kata-static-kernel', includes: 'build/kata-static-kernel.tar.*, build/kata-static-kernel.build.json'
                        }
                    }
                }
            }
            stage('Release') {
                when { beforeAgent true; expression { params.UPSTREAM_TAG && !params.DRY_RUN } }
                agent { node { label "${cfg.agentLabel}"; retries 2 } }
                stages {
                    stage('Package') {
                        steps {
                            kataCheckoutRelease(fork: params.FORK_URL, releaseTag: env.RELEASE_TAG, credentialsId: cfg.gitCredentialsId)
                            script {
                                for (String component : ReleaseConfig.components(params.COMPONENTS)) {
                                    unstash "kata-static-${component}"
                                }
                                def packaged = kataPackageRelease(releaseTag: env.RELEASE_TAG, artifacts: 'build', out: 'release')
                                env.RELEASE_ASSET = packaged.artifact
                            }
                        }
                    }
                    stage('Verify') {
                        steps {
                            kataVerifyRelease(asset: env.RELEASE_ASSET, repo: '.', ref: env.RELEASE_TAG)
                        }
                    }
                    stage('Publish') {
                        steps {
                            script {
                                // repo: the checkout, so that the check before publishing compares versions.yaml too.
                                def published = kataPublishRelease(releaseTag: env.RELEASE_TAG, assets: 'release', repo: '.',
                                                                   handOffJob: params.DOWNSTREAM_JOB,
                                                                   githubRepo: cfg.githubRepo, githubApiUrl: cfg.githubApiUrl,
                                                                   credentialsId: cfg.githubCredentialsId)
                                env.RELEASE_URL = published.releaseUrl
                                env.ASSET_URL = published.assetUrl
                                env.ASSET_SHA256 = published.sha256
                            }
                        }
                    }
                }
                post {
                    always {
                        archiveArtifacts artifacts: 'release/*-report.md, release/SHA256SUMS, build/*.json', allowEmptyArchive: true
                    }
                }
            }
            stage('Hand off') {
                when { expression { params.UPSTREAM_TAG && !params.DRY_RUN && params.DOWNSTREAM_JOB } }
                steps {
                    script {
                        // Not waited for by default: the cluster validation takes hours and reports on its own.
                        build job: params.DOWNSTREAM_JOB, wait: cfg.waitForDownstream, propagate: cfg.waitForDownstream,
                              parameters: ReleaseConfig.downstreamParameters(env.RELEASE_TAG, env.ASSET_URL, env.ASSET_SHA256).collect { jobParameter(it) }
                    }
                }
            }
        }
        post {
            // On success kataPublishRelease has set the description ("<tag> published") and the release page.
            failure {
                script {
                    if (env.RELEASE_TAG) {
                        currentBuild.description = "${env.RELEASE_TAG}: failed; re-run the build to resume (finished steps converge)"
                    }
                }
            }
        }
    }
}

/** A `build` step parameter from a name/value map. */
private def jobParameter(Map p) {
    return p.value instanceof Boolean ? booleanParam(name: p.name, value: p.value) : string(name: p.name, value: String.valueOf(p.value ?: ''))
}
