package io.katarelease.pipelinetests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.GroovyClassLoader;
import io.katarelease.pipelinetests.harness.PipelineHarness;
import io.katarelease.pipelinetests.harness.PipelineRun;
import io.katarelease.pipelinetests.harness.StageRun.Status;
import io.katarelease.pipelinetests.harness.StepCall;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: it must fail where Jenkins fails, or the pipeline tests prove nothing.
 * Pipelines here are inline Jenkinsfiles without the library.
 */
class HarnessTest {
    private static PipelineRun run(String jenkinsfile) {
        return PipelineHarness.forRepository().runJenkinsfile(jenkinsfile);
    }

    private static void compile(String groovy) {
        try (GroovyClassLoader gcl = PipelineHarness.Library.newLoader(null)) {
            gcl.parseClass(groovy, "Snippet.groovy");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------ what Jenkins cannot compile

    @Test
    void rejectsSpreadMethodCallsInCpsCodeAsJenkinsDoes() {
        assertThatThrownBy(() -> compile("class C { static List f(String s) { s.split(',')*.trim() } }"))
                .isInstanceOf(CompilationFailedException.class)
                .hasMessageContaining("spread not yet supported for CPS transformation");
        assertThatThrownBy(() -> compile("def names = ['a ']*.trim()"))
                .hasMessageContaining("spread not yet supported");
        // Jenkins does not CPS-transform @NonCPS methods; spread arguments and list spreads are supported.
        assertThatCode(() -> compile("""
                import com.cloudbees.groovy.cps.NonCPS
                class C {
                    @NonCPS static List f(String s) { s.split(',')*.trim() }
                    static List g(List l) { [*l, 1] }
                    static List h(List l) { g(*[l]) }
                }
                """)).doesNotThrowAnyException();
    }

    @Test
    void rejectsGroovy3SyntaxThatJenkinsGroovy24CannotParse() {
        assertThatThrownBy(() -> compile("def f = { List l -> l.collect(x -> x + 1) }"))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> compile("def f(x) { x !in ['a'] }")).hasMessageContaining("Groovy 3");
        assertThatThrownBy(() -> compile("def f(List l) { l.collect(String::valueOf) }"))
                .hasMessageContaining("method references");
        assertThatThrownBy(() -> compile("def f() { synchronized (this) { 1 } }")).hasMessageContaining("synchronized");
    }

    @Test
    void rejectsWhatDeclarativesParserRejects() {
        assertThatThrownBy(() -> run("""
                pipeline {
                    agent none
                    stages { stage('a') { steps { def x = 1 } } }
                }
                """)).isInstanceOf(CompilationFailedException.class).hasMessageContaining("expected a step");
        assertThatThrownBy(() -> run("""
                def n = 'a'
                pipeline {
                    agent none
                    stages { stage("${n}") { steps { echo 'x' } } }
                }
                """)).hasMessageContaining("string literal");
        assertThatThrownBy(() -> run("""
                pipeline {
                    agent none
                    stages { stage('a') { steps { echo 'x' }; stages { stage('b') { steps { echo 'y' } } } } }
                }
                """)).hasMessageContaining("one and only one of steps, stages, parallel");
        assertThatThrownBy(() -> run("""
                pipeline {
                    agent none
                    stages { stage('a') { parallel { stage('b') { parallel { stage('c') { steps { echo 'y' } } } } } } }
                }
                """)).hasMessageContaining("parallel stages or branches can only be included in a top-level stage");
        assertThatThrownBy(() -> run("""
                pipeline {
                    agent none
                    stages { stage('a') { when { beforeAgent 'yes'; expression { true } }; steps { echo 'x' } } }
                }
                """)).hasMessageContaining("boolean literal");
        assertThatThrownBy(() -> run("""
                pipeline {
                    agent none
                    stages { stage('a') { step { echo 'x' } } }
                }
                """)).hasMessageContaining("unknown stage section \"step\"");
        // the same rules for a pipeline defined in a vars script's call
        assertThatThrownBy(() -> compile("""
                def call(Map config) {
                    pipeline { agent none; stages { stage('a') { steps { env.X = config.x } } } }
                }
                """)).hasMessageContaining("expected a step");
        assertThatThrownBy(() -> run("""
                def helper() {
                    pipeline { agent none; stages { stage('a') { steps { echo 'x' } } } }
                }
                helper()
                """)).hasMessageContaining("top-level statement");
    }

    // ------------------------------------------------------------ what fails a Jenkins build

    @Test
    void stepsThatNeedAWorkspaceFailOutsideAnAgent() {
        PipelineRun run = run("""
                pipeline {
                    agent none
                    stages { stage('a') { steps { stash name: 'x', includes: '*' } } }
                }
                """);
        assertThat(run.result()).isEqualTo("FAILURE");
        assertThat(run.error()).hasMessageContaining("Required context class hudson.FilePath is missing");
    }

    @Test
    void anUnknownStepOrStashFailsTheBuild() {
        assertThat(run("""
                pipeline { agent any
                    stages { stage('a') { steps { sh 'make' } } } }
                """).error()).hasMessageContaining("No such DSL method 'sh'");
        assertThat(run("""
                pipeline { agent any
                    stages { stage('a') { steps { unstash 'never-stashed' } } } }
                """).error()).hasMessageContaining("No such saved stash");
        assertThat(run("""
                pipeline { agent any
                    stages { stage('a') { steps { error 'stop here' } } } }
                """).error()).hasMessageContaining("stop here");
        // the library's global variables exist only with @Library
        assertThat(run("kataReleasePipeline(forkUrl: 'x')").error())
                .hasMessageContaining("No such DSL method 'kataReleasePipeline'");
        assertThatThrownBy(() -> run("@Library('other-lib') _\necho 'x'")).hasMessageContaining("other-lib");
    }

    @Test
    void stepsAreNotAllowedWhileTheDirectivesAreRead() {
        PipelineRun run = run("""
                pipeline {
                    agent none
                    parameters { string(name: 'A', defaultValue: libraryResource('x')) }
                    stages { stage('a') { steps { echo 'x' } } }
                }
                """);
        assertThat(run.error()).hasMessageContaining("'libraryResource' is not a declarative section");
        assertThat(run.stages()).isEmpty();
    }

    @Test
    void whenIsEvaluatedAfterTheAgentUnlessBeforeAgent() {
        PipelineRun run = run("""
                pipeline {
                    agent none
                    stages {
                        stage('late') { when { expression { false } }; agent { label 'big' }; steps { echo 'x' } }
                        stage('early') { when { beforeAgent true; expression { false } }; agent { label 'big' }; steps { echo 'x' } }
                        stage('runs') { when { expression { 'yes' } }; agent { label 'big' }; steps { echo 'y' } }
                    }
                }
                """).assertSuccess();
        assertThat(run.stage("late").status()).isEqualTo(Status.SKIPPED_CONDITIONAL);
        assertThat(run.stage("late").agentAllocated()).isTrue();
        assertThat(run.stage("early").status()).isEqualTo(Status.SKIPPED_CONDITIONAL);
        assertThat(run.stage("early").agentAllocated()).isFalse();
        assertThat(run.stage("runs").status()).isEqualTo(Status.SUCCESS);
        assertThat(run.step("echo").agent()).isEqualTo("big");
    }

    @Test
    void aFailingParallelBranchLetsItsSiblingsFinishThenFailsTheBuild() {
        PipelineRun run = run("""
                pipeline {
                    agent none
                    stages {
                        stage('P') {
                            parallel {
                                stage('a') { agent { label 'one' }; steps { error 'a broke' } }
                                stage('b') { agent { node { label 'two'; retries 3 } }; steps { echo 'b ran' } }
                            }
                        }
                        stage('after') { steps { echo 'never' } }
                    }
                    post {
                        always { echo 'always' }
                        success { echo 'success' }
                        failure { echo 'failure' }
                    }
                }
                """);
        assertThat(run.result()).isEqualTo("FAILURE");
        assertThat(run.error()).hasMessage("a broke");
        assertThat(run.stage("P/a").status()).isEqualTo(Status.FAILURE);
        assertThat(run.stage("P/b").status()).isEqualTo(Status.SUCCESS);
        assertThat(run.stage("P/b").agent().retries()).isEqualTo(3);
        assertThat(run.stage("P").status()).isEqualTo(Status.FAILURE);
        assertThat(run.stage("after").status()).isEqualTo(Status.SKIPPED_EARLIER_FAILURE);
        assertThat(run.steps("echo")).extracting(e -> e.argOrFirst("message"))
                .containsExactly("b ran", "always", "failure");
        assertThat(run.steps("echo").get(0).agent()).isEqualTo("two");
        assertThat(run.steps("echo").get(1).agent()).as("pipeline post with agent none").isNull();

        PipelineRun failFast = run("""
                pipeline {
                    agent any
                    stages {
                        stage('P') {
                            failFast true
                            parallel {
                                stage('a') { steps { error 'a broke' } }
                                stage('b') { steps { echo 'b ran' } }
                            }
                        }
                    }
                }
                """);
        assertThat(failFast.stage("P/b").status()).isEqualTo(Status.SKIPPED_EARLIER_FAILURE);
        assertThat(failFast.steps("echo")).isEmpty();
    }

    @Test
    void environmentParamsAndEnvBehaveAsInJenkins() {
        PipelineRun run = PipelineHarness.forRepository().param("NAME", "  padded  ").runJenkinsfile("""
                pipeline {
                    agent any
                    parameters {
                        string(name: 'NAME', defaultValue: 'd', trim: true, description: 'x')
                        booleanParam(name: 'FLAG', defaultValue: true, description: 'y')
                    }
                    environment { FOO = 'foo' }
                    stages {
                        stage('a') {
                            environment { BAR = "${FOO}-bar" }
                            steps {
                                echo "${env.BAR} ${params.NAME} ${params.FLAG}"
                                script { env.COUNT = 2 }
                            }
                        }
                        stage('b') { steps { echo "${env.BAR} ${env.COUNT} ${env.FOO} ${env.NOT_SET}" } }
                    }
                }
                """).assertSuccess();
        assertThat(run.steps("echo")).extracting(e -> e.argOrFirst("message"))
                .containsExactly("foo-bar padded true", "null 2 foo null");
        assertThat(run.env()).containsEntry("COUNT", "2").doesNotContainKey("FOO");
        assertThat(run.params()).isEqualTo(Map.of("NAME", "padded", "FLAG", true));
    }

    @Test
    void testMistakesAreTestFailuresNotBuildFailures() {
        String pipeline = """
                pipeline { agent any
                    parameters { string(name: 'A', defaultValue: '') }
                    stages { stage('a') { steps { kataSyncFork(upstream: 'u', fork: 'f', tag: 't') } } } }
                """;
        assertThatThrownBy(() -> PipelineHarness.forRepository().param("B", "x").runJenkinsfile(pipeline))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not declare");
        assertThatThrownBy(() -> PipelineHarness.forRepository().runJenkinsfile(pipeline))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no result for plugin step kataSyncFork");
        PipelineRun run = PipelineHarness.forRepository().respond("kataSyncFork", Map.of("releaseTag", "t-x-0"))
                .runJenkinsfile(pipeline).assertSuccess();
        StepCall sync = run.step("kataSyncFork");
        assertThat(sync.args()).isEqualTo(Map.of("upstream", "u", "fork", "f", "tag", "t"));
        assertThat(sync.stage()).isEqualTo("a");
        assertThat(sync.agent()).isEqualTo("any");
    }

    @Test
    void onlyOnePipelinePerBuild() {
        PipelineRun run = run("""
                pipeline { agent none; stages { stage('a') { steps { echo '1' } } } }
                pipeline { agent none; stages { stage('b') { steps { echo '2' } } } }
                """);
        assertThat(run.error()).hasMessageContaining("Only one pipeline");
        assertThat(run.ranStages()).containsExactly("a");
    }
}
