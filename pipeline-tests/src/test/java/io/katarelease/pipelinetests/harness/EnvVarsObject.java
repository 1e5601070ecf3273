package io.katarelease.pipelinetests.harness;

import groovy.lang.GroovyObjectSupport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code env} global: property get and set as in Jenkins ({@code env.RELEASE_TAG = x} stores
 * {@code x.toString()}, null removes, an unknown name reads as null). {@code environment { }} and
 * {@code withEnv} push overlays that win over the build's variables while their block runs.
 */
public final class EnvVarsObject extends GroovyObjectSupport {
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Deque<Map<String, String>> overlays = new ArrayDeque<>();

    EnvVarsObject(Map<String, String> initial) {
        vars.putAll(initial);
    }

    @Override
    public Object getProperty(String name) {
        for (Map<String, String> o : overlays) {
            if (o.containsKey(name)) {
                return o.get(name);
            }
        }
        return vars.get(name);
    }

    @Override
    public void setProperty(String name, Object value) {
        if (value == null) {
            vars.remove(name);
        } else {
            vars.put(name, value.toString());
        }
    }

    /** {@code env['NAME']}. */
    public Object getAt(String name) {
        return getProperty(name);
    }

    /** {@code env.getEnvironment()}: every visible variable. */
    public Map<String, String> getEnvironment() {
        Map<String, String> all = new LinkedHashMap<>(vars);
        Iterator<Map<String, String>> it = overlays.descendingIterator();
        while (it.hasNext()) {
            all.putAll(it.next());
        }
        return all;
    }

    void push(Map<String, String> overlay) {
        overlays.push(overlay);
    }

    void pop() {
        overlays.pop();
    }

    /** The build's variables (without overlays). */
    Map<String, String> snapshot() {
        return new LinkedHashMap<>(vars);
    }
}
