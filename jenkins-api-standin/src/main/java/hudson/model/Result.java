package hudson.model;

import java.io.Serializable;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Result}: present only as the parameter type of
 * StepContext.setResult, which the plugin never calls, so none of its members are declared.
 * Core declares {@code public final class Result implements Serializable, CustomExportedBean}.
 */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    private Result() {}
}
