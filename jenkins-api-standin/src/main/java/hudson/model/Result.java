package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * STAND-IN for jenkins-core's {@code hudson.model.Result} (only the constants; a final class in core).
 * Core declares {@code Result implements Serializable, CustomExportedBean}; the stand-in drops
 * {@code CustomExportedBean}.
 */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final @NonNull Result SUCCESS = new Result("SUCCESS");
    public static final @NonNull Result UNSTABLE = new Result("UNSTABLE");
    public static final @NonNull Result FAILURE = new Result("FAILURE");
    public static final @NonNull Result NOT_BUILT = new Result("NOT_BUILT");
    public static final @NonNull Result ABORTED = new Result("ABORTED");

    private final @NonNull String name;

    private Result(@NonNull String name) {
        this.name = name;
    }

    @Override
    public @NonNull String toString() {
        return name;
    }
}
