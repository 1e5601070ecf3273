package io.katarelease.pipelinetests.harness;

import java.util.List;
import java.util.Map;

/**
 * What a symbol call such as {@code scmGit(...)}, {@code cloneOption(...)} or
 * {@code string(name: ..., value: ...)} evaluates to: Jenkins makes an (uninstantiated)
 * describable of it that the enclosing step receives. Arguments are normalised (GStrings are
 * Strings).
 *
 * @param symbol the symbol, e.g. {@code scmGit}
 * @param args the named arguments
 * @param positional the positional arguments (rare)
 */
public record Describable(String symbol, Map<String, Object> args, List<Object> positional) {
    public Object arg(String name) {
        return args.get(name);
    }

    @Override
    public String toString() {
        return symbol + (positional.isEmpty() ? "" : positional.toString()) + args;
    }
}
