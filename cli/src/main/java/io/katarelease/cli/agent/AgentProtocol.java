package io.katarelease.cli.agent;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.build.remote.RegistryCredentials;
import io.katarelease.core.release.ReleaseStages;

/**
 * The contract between the Jenkins plugin and {@link AgentRunner}, owned here and nowhere else:
 * the files of a step's control directory, the fields of the request the plugin writes and of the
 * outcome the runner leaves, how the launch script starts the runner and the exit codes it keeps
 * for itself. The step kinds are {@link StepKind}'s names.
 *
 * <p>Every value is a compile-time constant, and must stay one: the plugin compiles against this
 * class (the CLI is a provided dependency of it) and javac copies the values into the plugin's
 * classes, so the Jenkins controller needs no CLI class at run time. The plugin's
 * {@code AgentProtocolTest} checks that its classes name no CLI class and that both sides agree.
 */
public final class AgentProtocol {
    /** The request file: {@code {"function", "kind", "secretVariable", "commands": [[arg, ...], ...], "carried"}}. */
    public static final String REQUEST_FILE = "request.json";
    /** The step's secret (mode 0600); read and deleted by the runner before any command starts. */
    public static final String TOKEN_FILE = "token";
    /** The outcome file: {@code {"result": {...}, "summary": [line, ...], "failure": text|null}}. */
    public static final String OUTCOME_FILE = "outcome.json";

    /** Request: the step's name, for messages ("kataSyncFork"). */
    public static final String FUNCTION = "function";
    /** Request: a {@link StepKind} name, how the commands' documents become the step's result. */
    public static final String KIND = "kind";
    /** Request: the environment variable the CLI reads the token from, or null. */
    public static final String SECRET_VARIABLE = "secretVariable";
    /** Request: the CLI's arguments, one list per command, run in order. */
    public static final String COMMANDS = "commands";
    /** Request: what the step's launch before this one returned (an object), or null. */
    public static final String CARRIED = "carried";

    /** Outcome: the map the step returns (null when it failed). */
    public static final String RESULT = "result";
    /** Outcome: lines for the build log. */
    public static final String SUMMARY = "summary";
    /** Outcome: the failure message, or null. */
    public static final String FAILURE = "failure";

    /** The class the launch script runs: {@code java -cp kata-release.jar RUNNER_CLASS CONTROL_DIR}. */
    public static final String RUNNER_CLASS = "io.katarelease.cli.agent.AgentRunner";
    /** The oldest Java the runner (the whole CLI jar) runs on. */
    public static final int MIN_JAVA = 17;
    /** The launch script's exit code when it found no Java {@link #MIN_JAVA} or newer; no CLI exit code. */
    public static final int NO_JAVA_EXIT = 125;
    /** The launch script's exit code when the staged jar is not the plugin's; no CLI exit code. */
    public static final int WRONG_JAR_EXIT = 126;

    /**
     * The release's stages in order, comma-separated, the builds as one name ({@code build}): the
     * engine's list ({@code ReleaseStages.ORDER}), which the release page of a Jenkins build follows.
     */
    public static final String STAGE_ORDER = ReleaseStages.ORDER;
    /** The stages' names, as {@link #STAGE_ORDER} gives them. */
    public static final String STAGE_SYNC = ReleaseStages.SYNC;
    public static final String STAGE_CHECKOUT = ReleaseStages.CHECKOUT;
    public static final String STAGE_BUILD = ReleaseStages.BUILD;
    public static final String STAGE_PACKAGE = ReleaseStages.PACKAGE;
    public static final String STAGE_VERIFY = ReleaseStages.VERIFY;
    public static final String STAGE_PUBLISH = ReleaseStages.PUBLISH;
    public static final String STAGE_HAND_OFF = ReleaseStages.HAND_OFF;

    /** The variable a step's git token is handed to the CLI in. */
    public static final String GIT_TOKEN_VARIABLE = ChildEnvironment.GIT_TOKEN;
    /** The variable a step's GitHub API token is handed to the CLI in. */
    public static final String GITHUB_TOKEN_VARIABLE = ChildEnvironment.GITHUB_TOKEN;
    /** The variables a step's registry credentials are handed in: a user and password, or a token. */
    public static final String REGISTRY_CREDENTIALS_VARIABLE = RegistryCredentials.PAIR_VARIABLE;
    public static final String REGISTRY_TOKEN_VARIABLE = RegistryCredentials.TOKEN_VARIABLE;
    /** Every variable that may hold a token, comma-separated: kept out of a step's own environment. */
    public static final String TOKEN_VARIABLES = ChildEnvironment.TOKEN_VARIABLE_NAMES;

    private AgentProtocol() {}
}
