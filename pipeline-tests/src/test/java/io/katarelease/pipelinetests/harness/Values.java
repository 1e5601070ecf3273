package io.katarelease.pipelinetests.harness;

import groovy.lang.Closure;
import groovy.lang.GString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normalisation of step arguments as Jenkins sees them: GStrings become Strings, recursively. */
final class Values {
    private Values() {
    }

    static Object normalise(Object v) {
        if (v instanceof GString g) {
            return g.toString();
        }
        if (v instanceof Map<?, ?> m) {
            return normaliseMap(m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(normalise(o));
            }
            return out;
        }
        if (v instanceof Object[] a) {
            return normalise(Arrays.asList(a));
        }
        return v;
    }

    static Map<String, Object> normaliseMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), normalise(e.getValue()));
        }
        return out;
    }

    /** Named arguments: a sole map (optionally followed by a closure body). */
    static boolean named(Object[] args) {
        return args.length >= 1 && args[0] instanceof Map
                && (args.length == 1 || (args.length == 2 && args[1] instanceof Closure));
    }

    static Map<String, Object> namedArgs(Object[] args) {
        return named(args) ? normaliseMap((Map<?, ?>) args[0]) : new LinkedHashMap<>();
    }

    static List<Object> positionalArgs(Object[] args) {
        List<Object> out = new ArrayList<>();
        if (named(args)) {
            return out;
        }
        for (Object a : args) {
            if (!(a instanceof Closure)) {
                out.add(normalise(a));
            }
        }
        return out;
    }

    static Closure<?> body(Object[] args) {
        return args.length > 0 && args[args.length - 1] instanceof Closure<?> c ? c : null;
    }

    static Describable describable(String symbol, Object[] args) {
        return new Describable(symbol, namedArgs(args), positionalArgs(args));
    }
}
