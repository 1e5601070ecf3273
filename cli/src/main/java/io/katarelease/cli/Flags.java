package io.katarelease.cli;

import io.katarelease.core.Setting;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CLI's word for each of the engine's {@link Setting}s: the flag that gives it. The one table
 * of them; {@code FlagsTest} holds every flag to an option of some command. A failure's message
 * is printed with the flags of the settings it is about: {@code ... (--release-tag)}.
 */
final class Flags {
    private Flags() {}

    /** @return the flag that gives {@code setting} */
    static String of(Setting setting) {
        return switch (setting) {
            case UPSTREAM_TAG -> "--tag";
            case RELEASE_TAG -> "--release-tag";
            case TAG_PATTERN -> "--tag-pattern";
            case SUFFIX -> "--suffix";
            case SINCE -> "--since";
            case PATCH_BRANCH -> "--patch-branch";
            case MIRROR_BRANCH -> "--mirror-branch";
            case UPSTREAM_BRANCH -> "--upstream-branch";
            case RELEASE_BRANCH_PREFIX -> "--release-branch-prefix";
            case LOCK_TIMEOUT -> "--lock-timeout";
            case DISCARD_DAMAGED_STATE -> "--discard-damaged-state";
            case CHECKOUT, REPOSITORY -> "--repo";
            case ARCH -> "--arch";
            case PATCH_SOURCE -> "--source";
            case BUILD_COMMAND -> "--build-command";
            case REMOTE_CACHE -> "--remote-cache";
            case INSECURE_REGISTRY -> "--remote-cache-insecure";
            case ARTIFACTS -> "--artifacts";
            case TARBALL_NAME -> "--name";
            case REF -> "--ref";
            case BASE_REF -> "--base-ref";
            case ASSET -> "--asset";
            case ASSETS -> "--assets";
            case REPLACE_ASSETS -> "--replace";
            case GITHUB_REPO -> "--github-repo";
            case GITHUB_API_URL -> "--github-api-url";
            case GITHUB_TOKEN -> "--github-token-file";
            case GIT_TOKEN -> "--git-token-file";
            case TARGET_DIR -> "--to-dir";
            case UNUSED_FOR -> "--unused-for";
            case PRUNE_ALL -> "--all";
            case REMOTE_ONLY -> "--remote-only";
            case DRY_RUN -> "--dry-run";
            case SANDBOX_DIR -> "--dir";
        };
    }

    /**
     * @param names a front end's word for each setting (null: it has none)
     * @return {@code message}, then the settings' words in brackets when there are any:
     *     {@code release tag 'a b' contains white space ... (--release-tag)}
     */
    static String withSettings(String message, List<Setting> settings, Function<Setting, String> names) {
        List<String> words = settings.stream().map(names).filter(Objects::nonNull).distinct().toList();
        return words.isEmpty() ? message : message + " (" + String.join(", ", words) + ")";
    }
}
