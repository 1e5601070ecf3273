package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
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

    /** As in core: an empty or null value removes the key; {@code PATH+XYZ} prepends to {@code PATH}. */
    public void override(String key, String value) {
        if (value == null || value.isEmpty()) {
            remove(key);
            return;
        }
        int idx = key.indexOf('+');
        if (idx > 0) {
            String realKey = key.substring(0, idx);
            String v = get(realKey);
            put(realKey, v == null ? value : value + File.pathSeparatorChar + v);
            return;
        }
        put(key, value);
    }
}
