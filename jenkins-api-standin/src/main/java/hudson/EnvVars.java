package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Map;
import java.util.TreeMap;

/**
 * STAND-IN for jenkins-core's {@code hudson.EnvVars}: environment variables, with keys ordered
 * case-insensitively as in core. The stand-in keeps only the members the plugin calls; core's
 * platform tracking and variable expansion are left out.
 */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(@NonNull Map<String, String> m) {
        this();
        putAll(m);
    }
}
