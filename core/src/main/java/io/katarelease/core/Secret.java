package io.katarelease.core;

import java.util.Arrays;

/**
 * A token or password held in memory only. {@link #toString()} never shows it, so a secret that
 * ends up in a log line, an exception message or a JSON dump shows as {@code ****}.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /**
     * @param value the secret; leading and trailing white space (a newline at the end of a token
     *     file) is removed
     * @return the secret
     * @throws IllegalArgumentException when the value is blank (the message does not repeat it)
     */
    public static Secret of(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        return new Secret(trimmed.toCharArray());
    }

    /** @return a copy of the secret's characters, for the one call that must send it */
    public char[] reveal() {
        return Arrays.copyOf(value, value.length);
    }

    /** @return whether {@code text} contains this secret (used to keep it out of messages) */
    public boolean occursIn(String text) {
        return text != null && text.contains(new String(value));
    }

    @Override
    public String toString() {
        return "****";
    }
}
