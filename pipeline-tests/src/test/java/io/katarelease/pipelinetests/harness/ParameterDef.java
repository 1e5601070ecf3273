package io.katarelease.pipelinetests.harness;

import java.util.Map;

/**
 * A build parameter declared in {@code parameters { }}.
 *
 * @param type {@code string}, {@code booleanParam}, {@code text}, {@code choice} or {@code password}
 * @param args all its arguments (name, defaultValue, description, trim ...), normalised
 */
public record ParameterDef(String type, Map<String, Object> args) {
    public String name() {
        return (String) args.get("name");
    }

    public Object defaultValue() {
        if ("choice".equals(type)) {
            Object choices = args.get("choices");
            if (choices instanceof java.util.List<?> l && !l.isEmpty()) {
                return l.get(0);
            }
            return choices == null ? null : choices.toString().split("\n")[0];
        }
        Object d = args.get("defaultValue");
        if (d == null) {
            return "booleanParam".equals(type) ? Boolean.FALSE : "";
        }
        return d;
    }

    public String description() {
        Object d = args.get("description");
        return d == null ? null : d.toString();
    }

    public boolean trim() {
        return Boolean.TRUE.equals(args.get("trim"));
    }
}
