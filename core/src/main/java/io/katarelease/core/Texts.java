package io.katarelease.core;

/** Small text helpers for messages that repeat user input. */
public final class Texts {
    private Texts() {}

    /**
     * Quotes a user-supplied value for a message: single quotes around it, control characters
     * and non-ASCII line breaks written as {@code \\uXXXX}, so hostile input cannot forge log
     * lines or terminal escapes. Long values are cut at 200 characters.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (shown++ == 200) {
                out.append("…");
                break;
            }
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** @return the first 12 hex digits of a commit id, or "(none)" */
    public static String shortId(String id) {
        return id == null ? "(none)" : id.substring(0, Math.min(12, id.length()));
    }
}
