package io.katarelease.core.publish;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import java.util.List;

/** The release already holds assets of the same names with other content; nothing was uploaded. */
public class AssetConflictException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final List<String> names;

    public AssetConflictException(String release, List<String> names) {
        super("the release " + release + " already has " + String.join(", ", names)
                + " with other content; nothing was uploaded. Run again with the option to replace assets, or use a"
                + " new release tag", Setting.REPLACE_ASSETS, Setting.RELEASE_TAG);
        this.names = List.copyOf(names);
    }

    /** @return the conflicting asset names */
    public List<String> names() {
        return names;
    }

    @Override
    public Reason reason() {
        return Reason.ASSET_CONFLICT;
    }
}
