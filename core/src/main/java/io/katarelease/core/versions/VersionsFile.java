package io.katarelease.core.versions;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

/**
 * kata-containers' {@code versions.yaml}, read safely and with every scalar as a string, and the
 * QEMU and kernel entries it names.
 *
 * <p>kata's scripts read it with yq, which never coerces types: {@code 5.0.0}, {@code 84} and
 * {@code v6.7} are strings. So are they here: the YAML resolver has no implicit types. Loading is
 * SnakeYAML's safe constructor with duplicate keys refused and at most 50 aliases for
 * collections (an alias bomb is refused; kata's own files use up to 25).
 *
 * <p>An explicitly typed scalar ({@code !!int 99999999999999999999}, {@code !!float NaN},
 * {@code !!bool maybe}, {@code !!timestamp …}, {@code !!binary …}) is kept as its text, never
 * converted: reading it where a string is expected is an {@link InvalidInputException} naming the
 * path and the value, and no number of any size is ever parsed. A tag on the wrong kind of node
 * ({@code !!str [a]}), {@code !!set}, {@code !!omap}, {@code !!pairs} and keys that are
 * mappings or lists are refused, so no key is ever printed or expanded.
 */
public final class VersionsFile {
    /** Keys of {@code assets} that hold a kernel: {@code kernel}, {@code kernel-*}, {@code *-kernel-*}. */
    private static final Pattern KERNEL_KEY = Pattern.compile("kernel|kernel-[a-z0-9-]+|[a-z0-9]+-kernel-[a-z0-9-]+");
    /** Keys of {@code assets.hypervisor} that hold a QEMU. */
    private static final Pattern QEMU_KEY = Pattern.compile("qemu|qemu-[a-z0-9-]+");

    private final Map<String, Object> root;
    private final String origin;

    private VersionsFile(Map<String, Object> root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /**
     * @param text the file's content
     * @param origin where it came from, for messages ("versions.yaml at 4.1.0")
     * @throws InvalidInputException when it is not YAML, not a mapping, or too aliased
     */
    public static VersionsFile parse(String text, String origin) throws InvalidInputException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        options.setCodePointLimit(4 * 1024 * 1024);
        Resolver stringsOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: every plain scalar stays a string, as yq reads it
            }
        };
        Yaml yaml = new Yaml(new TextConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, stringsOnly);
        Object doc;
        try {
            doc = yaml.load(text);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1);
            throw new InvalidInputException(origin + " is not valid YAML" + where + ": "
                    + firstLine(e.getProblem() == null ? e.getMessage() : e.getProblem())
                    + "; fix the file (yamllint helps) and run again");
        } catch (YAMLException e) {
            throw new InvalidInputException(origin + " is not valid YAML: " + firstLine(e.getMessage())
                    + "; fix the file (yamllint helps) and run again");
        } catch (ClassCastException | IllegalArgumentException | ArithmeticException e) {
            // a safety net: SnakeYAML constructs no type here that could throw these
            throw new InvalidInputException(origin + " could not be read as YAML (" + e.getClass().getSimpleName()
                    + ": " + firstLine(e.getMessage()) + "); fix the file and run again");
        }
        if (!(doc instanceof Map<?, ?>)) {
            throw new InvalidInputException(origin + " is not a YAML mapping (found "
                    + (doc == null ? "an empty document" : kind(doc)) + ")");
        }
        return new VersionsFile(cast((Map<?, ?>) plain(doc, "", origin, new IdentityHashMap<>())), origin);
    }

    /**
     * A scalar with an explicit YAML type, such as {@code !!int 6}: kept as its text.
     *
     * @param tag the short tag, such as {@code !!int}
     */
    private record Typed(String tag, String text) {}

    /**
     * SnakeYAML's safe constructor that converts no scalar: the YAML 1.1 types become {@link
     * Typed} text, a standard tag on the wrong kind of node and the set and ordered-map types are
     * refused (they would fail with a Java exception or hash and print nested keys).
     */
    private static final class TextConstructor extends SafeConstructor {
        TextConstructor(LoaderOptions options) {
            super(options);
            for (Tag tag : List.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.TIMESTAMP, Tag.BINARY)) {
                yamlConstructors.put(tag, new Checked(NodeId.scalar, new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return new Typed(shortTag(node.getTag()), ((ScalarNode) node).getValue());
                    }
                }));
            }
            yamlConstructors.put(Tag.STR, new Checked(NodeId.scalar, yamlConstructors.get(Tag.STR)));
            yamlConstructors.put(Tag.NULL, new Checked(NodeId.scalar, yamlConstructors.get(Tag.NULL)));
            yamlConstructors.put(Tag.MAP, new Checked(NodeId.mapping, yamlConstructors.get(Tag.MAP)));
            yamlConstructors.put(Tag.SEQ, new Checked(NodeId.sequence, yamlConstructors.get(Tag.SEQ)));
            for (Tag tag : List.of(Tag.SET, Tag.OMAP, Tag.PAIRS)) {
                yamlConstructors.put(tag, new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        throw new Refused("the tag " + shortTag(tag) + " is not supported here", node.getStartMark());
                    }
                });
            }
        }
    }

    /** A constructor that first checks the node is of the kind its tag needs. */
    private record Checked(NodeId kind, Construct inner) implements Construct {
        @Override
        public Object construct(Node node) {
            if (node.getNodeId() != kind) {
                throw new Refused("the tag " + shortTag(node.getTag()) + " cannot be on a " + node.getNodeId()
                        + " (it needs a " + kind + ")", node.getStartMark());
            }
            return inner.construct(node);
        }

        @Override
        public void construct2ndStep(Node node, Object object) {
            inner.construct2ndStep(node, object);
        }
    }

    private static final class Refused extends ConstructorException {
        private static final long serialVersionUID = 1L;

        Refused(String problem, Mark mark) {
            super(null, null, problem, mark);
        }
    }

    private static String shortTag(Tag tag) {
        String t = tag.getValue();
        return t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
    }

    /**
     * The loaded document with every key as text: an explicitly typed key ({@code !!int 007})
     * becomes its text; a key that is a mapping or a list, or two keys with one text, are refused.
     * Each node is visited once (aliases share the copy), so neither an alias bomb nor a
     * recursive structure is ever expanded.
     */
    private static Object plain(Object node, String path, String origin, IdentityHashMap<Object, Object> done)
            throws InvalidInputException {
        if (node instanceof Map<?, ?> map) {
            Object seen = done.get(node);
            if (seen != null) {
                return seen;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            done.put(node, out);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object k = e.getKey();
                String key;
                if (k == null || k instanceof String) {
                    key = String.valueOf(k);
                } else if (k instanceof Typed t) {
                    key = t.text();
                } else {
                    throw new InvalidInputException(origin + ": " + (path.isEmpty() ? "the root" : path)
                            + " has a key that is " + (k instanceof Map<?, ?> ? "a mapping" : "a list")
                            + "; versions.yaml keys are plain text");
                }
                if (out.containsKey(key)) {
                    throw new InvalidInputException(origin + ": " + (path.isEmpty() ? "the root" : path)
                            + " has two keys that read " + Texts.quote(key) + " (one with an explicit type)");
                }
                out.put(key, plain(e.getValue(), path + "." + key, origin, done));
            }
            return out;
        }
        if (node instanceof List<?> list) {
            Object seen = done.get(node);
            if (seen != null) {
                return seen;
            }
            List<Object> out = new ArrayList<>(list.size());
            done.put(node, out);
            for (int i = 0; i < list.size(); i++) {
                out.add(plain(list.get(i), path + "[" + i + "]", origin, done));
            }
            return out;
        }
        return node;
    }

    /** @return where the file came from, as given to {@link #parse} */
    public String origin() {
        return origin;
    }

    /**
     * @param path keys from the root, e.g. {@code "assets", "kernel", "version"}
     * @return the string at that path, or empty when any key is absent
     * @throws InvalidInputException when the value there is not a string
     */
    public Optional<String> string(String... path) throws InvalidInputException {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof String s)) {
            throw new InvalidInputException(origin + ": ." + String.join(".", path) + " should be a string, found "
                    + kind(node));
        }
        return Optional.of(s);
    }

    /**
     * @param path keys from the root to a mapping, e.g. {@code "assets", "kernel"}
     * @return the mapping's direct string values by key, in file order; empty when absent
     */
    public Map<String, String> strings(String... path) throws InvalidInputException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(path).entrySet()) {
            if (e.getValue() instanceof String s) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    /**
     * The QEMU entries: every map under {@code assets.hypervisor.qemu*} (nested ones too, such as
     * {@code qemu.tdx} or {@code qemu.architecture.aarch64}) that has a {@code version} or, failing
     * that, a {@code tag}, in file order.
     */
    public List<VersionEntry> qemuEntries() throws InvalidInputException {
        List<VersionEntry> out = new ArrayList<>();
        Map<String, Object> hypervisor = map("assets", "hypervisor");
        for (Map.Entry<String, Object> e : hypervisor.entrySet()) {
            if (QEMU_KEY.matcher(e.getKey()).matches()) {
                collect(Component.QEMU, e.getKey(), List.of("assets", "hypervisor", e.getKey()), e.getValue(), out, 0);
            }
        }
        return out;
    }

    /**
     * The kernel entries: {@code assets.kernel} and every {@code assets.*kernel*} key, with
     * their nested flavours ({@code kernel.nvidia}, {@code kernel.confidential},
     * {@code kernel-arm-experimental.confidential} …), in file order.
     */
    public List<VersionEntry> kernelEntries() throws InvalidInputException {
        List<VersionEntry> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : map("assets").entrySet()) {
            if (KERNEL_KEY.matcher(e.getKey()).matches()) {
                collect(Component.KERNEL, e.getKey(), List.of("assets", e.getKey()), e.getValue(), out, 0);
            }
        }
        return out;
    }

    private void collect(Component component, String assetKey, List<String> path, Object node, List<VersionEntry> out,
            int depth) throws InvalidInputException {
        if (!(node instanceof Map<?, ?> raw) || depth > 3) {
            return;
        }
        Map<String, Object> m = cast(raw);
        for (String key : new String[] {"version", "tag"}) {
            if (m.containsKey(key)) {
                List<String> at = new ArrayList<>(path);
                at.add(key);
                String value = string(at.toArray(String[]::new)).orElse(null);
                if (value != null && !value.isBlank()) {
                    out.add(new VersionEntry(component, assetKey, "." + String.join(".", at), value, depth > 0));
                    break;
                }
            }
        }
        for (Map.Entry<String, Object> child : m.entrySet()) {
            if (child.getValue() instanceof Map<?, ?>) {
                List<String> at = new ArrayList<>(path);
                at.add(child.getKey());
                collect(component, assetKey, at, child.getValue(), out, depth + 1);
            }
        }
    }

    private Map<String, Object> map(String... path) throws InvalidInputException {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Map.of();
            }
            node = m.get(key);
        }
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new InvalidInputException(origin + ": ." + String.join(".", path) + " should be a mapping, found "
                    + kind(node));
        }
        return cast(m);
    }

    /** Every map in the tree {@link #plain} made has text keys. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static String kind(Object node) {
        if (node instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (node instanceof List<?>) {
            return "a list";
        }
        if (node instanceof Typed t) {
            return t.tag() + " " + Texts.quote(t.text());
        }
        return "a " + node.getClass().getSimpleName().toLowerCase() + " " + Texts.quote(String.valueOf(node));
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return Texts.quote(nl < 0 ? m : m.substring(0, nl) + " …");
    }
}
