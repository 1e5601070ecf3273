package io.katarelease.jenkins.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a step's result map, which an agent process produced: a value of the wrong
 * type reads as absent, never as a failure of the build page.
 */
final class Values {
    private static final int MAX_TEXT = 4096;
    private final Map<?, ?> map;

    Values(Map<?, ?> map) {
        this.map = map;
    }

    String text(String key, String otherwise) {
        Object v = map.get(key);
        if (v instanceof String s) {
            return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
        }
        return v instanceof Number || v instanceof Boolean ? String.valueOf(v) : otherwise;
    }

    boolean flag(String key) {
        return Boolean.TRUE.equals(map.get(key));
    }

    long number(String key) {
        return map.get(key) instanceof Number n ? n.longValue() : 0;
    }

    Values map(String key) {
        return map.get(key) instanceof Map<?, ?> m ? new Values(m) : null;
    }

    List<Values> list(String key) {
        List<Values> out = new ArrayList<>();
        if (map.get(key) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new Values(m));
                }
            }
        }
        return out;
    }

    List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        if (map.get(key) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
