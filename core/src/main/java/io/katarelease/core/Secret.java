package io.katarelease.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

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

    /**
     * Replaces every form of this secret a server or a library might echo with {@code ****}: as
     * written, URL-encoded, and in base64 at each of the three alignments it can take inside a
     * longer base64 text (a Basic {@code Authorization} header carries {@code user:token}). Call
     * it before cutting a text short, so no prefix of the secret survives the cut.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms()) {
            out = out.replace(form, "****");
        }
        return out;
    }

    private List<String> forms() {
        String plain = new String(value);
        List<String> forms = new ArrayList<>();
        forms.add(plain);
        forms.add(URLEncoder.encode(plain, StandardCharsets.UTF_8));
        byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes)); // the secret alone, padding and all
        for (int shift = 0; shift < 3; shift++) {
            // The secret after 'shift' other bytes: the base64 characters that depend on the secret
            // alone start at the first whole group of three after it begins and end at its last one.
            byte[] shifted = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int from = shift == 0 ? 0 : 4;
            int to = (shifted.length / 3) * 4;
            if (to - from >= 8) {
                forms.add(encoded.substring(from, to));
            }
        }
        forms.sort(Comparator.comparingInt(String::length).reversed());
        return forms;
    }

    @Override
    public String toString() {
        return "****";
    }
}
