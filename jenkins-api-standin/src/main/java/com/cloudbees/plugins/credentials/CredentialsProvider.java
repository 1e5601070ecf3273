package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * STAND-IN for credentials-plugin's {@code CredentialsProvider}: the two static members the plugin
 * calls. The real lookup walks the credential stores visible to the run's job with its
 * authentication (and passes the result through {@code Credentials.forRun}); the stand-in reads a
 * map that tests fill ({@link #standinStore()}).
 *
 * <p>Simplifications: the real class is {@code CredentialsProvider extends Descriptor<CredentialsProvider>
 * implements ExtensionPoint, Describable<CredentialsProvider>, IconSpec}; the stand-in drops those
 * supertypes. The three-argument {@code findCredentialById} is the overload added with
 * {@code lookupCredentialsInItem}; older credentials releases have only the
 * {@code (String, Class<C>, Run<?, ?>, DomainRequirement...)} overload, which a three-argument call
 * also compiles against.
 */
public abstract class CredentialsProvider {
    private static final Map<String, IdCredentials> STORE = new ConcurrentHashMap<>();
    private static final List<String> TRACKED = new CopyOnWriteArrayList<>();

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
            @NonNull Run<?, ?> run) {
        IdCredentials c = STORE.get(id.trim());
        return type.isInstance(c) ? type.cast(c) : null;
    }

    @CheckForNull
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        if (credentials instanceof IdCredentials id) {
            TRACKED.add(build.getExternalizableId() + " " + id.getId());
        }
        return credentials;
    }

    /**
     * STAND-IN ONLY, not part of the credentials API: the credentials "stores", by id. Tests put the
     * credentials that {@link #findCredentialById} should find here.
     */
    public static Map<String, IdCredentials> standinStore() {
        return STORE;
    }

    /**
     * STAND-IN ONLY, not part of the credentials API: "run id + credentials id" of every
     * {@link #track} call, for tests to assert on.
     */
    public static List<String> standinTracked() {
        return TRACKED;
    }
}
