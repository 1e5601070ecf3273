package io.katarelease.pipelinetests.harness;

/**
 * The {@code currentBuild} global (Jenkins's RunWrapper): number, displayName, description,
 * result and currentResult.
 */
public final class CurrentBuild {
    private final int number;
    private String displayName;
    private String description;
    private String result;

    CurrentBuild(int number) {
        this.number = number;
        this.displayName = "#" + number;
    }

    public int getNumber() {
        return number;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** Null while running until something sets it, as in Jenkins. */
    public String getResult() {
        return result;
    }

    /** As Jenkins: a result can only get worse. */
    public void setResult(String result) {
        if (this.result == null || rank(result) > rank(this.result)) {
            this.result = result;
        }
    }

    public String getCurrentResult() {
        return result == null ? "SUCCESS" : result;
    }

    private static int rank(String r) {
        return switch (r) {
            case "SUCCESS" -> 0;
            case "UNSTABLE" -> 1;
            case "FAILURE" -> 2;
            case "NOT_BUILT" -> 3;
            case "ABORTED" -> 4;
            default -> throw new IllegalArgumentException("not a build result: " + r);
        };
    }
}
