package io.katarelease.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.katarelease.core.FileTrees;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Hands a test a real registry: a {@link RegistryServer} parameter of a test or of a
 * {@code @BeforeEach} method is a registry started for that test alone, with storage of its own,
 * and stopped (its storage removed) after it. A test that takes one is skipped when
 * docker-registry is not installed, and fails when {@code KATA_REQUIRE_REGISTRY} is set (see
 * {@link RegistryServer#available()}); the other tests of the class run either way.
 *
 * <pre>
 * &#64;ExtendWith(RegistryExtension.class)
 * class PushTest {
 *     &#64;Test
 *     void pushes(RegistryServer registry) { ... }
 *
 *     &#64;Test
 *     void logsIn(&#64;User(name = "ci", password = PASSWORD) RegistryServer registry) { ... }
 * }
 * </pre>
 */
public final class RegistryExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryExtension.class);

    /** The one user the registry accepts (with basic auth); without it the registry is anonymous. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface User {
        String name();

        String password();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (takesARegistry(context)) {
            assumeTrue(RegistryServer.available(), "docker-registry is not installed");
        }
    }

    /** @return whether the test, or a {@code @BeforeEach} method run for it, takes a registry */
    private static boolean takesARegistry(ExtensionContext context) {
        Stream<Method> methods = Stream.concat(Stream.of(context.getRequiredTestMethod()), AnnotationSupport
                .findAnnotatedMethods(context.getRequiredTestClass(), BeforeEach.class, HierarchyTraversalMode.TOP_DOWN)
                .stream());
        return methods.anyMatch(m -> Arrays.asList(m.getParameterTypes()).contains(RegistryServer.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryServer.class;
    }

    @Override
    public RegistryServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Map<String, String> users = parameter.findAnnotation(User.class)
                .map(u -> Map.of(u.name(), u.password())).orElse(Map.of());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kata-registry-");
            RegistryServer registry = RegistryServer.start(dir, users);
            Path storage = dir;
            context.getStore(NAMESPACE).put(registry, (AutoCloseable) () -> {
                registry.close();
                FileTrees.deleteTree(storage);
            });
            return registry;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(dir);
            throw new ParameterResolutionException("the registry did not start: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (dir != null) {
                FileTrees.deleteTree(dir);
            }
        } catch (IOException ignored) {
            // A leftover folder in the temp directory: harmless.
        }
    }
}
