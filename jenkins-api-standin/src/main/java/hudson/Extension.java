package hudson;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * STAND-IN for jenkins-core's {@code hudson.Extension} (core/src/main/java/hudson/Extension.java).
 * The real annotation is {@code @net.java.sezpoz.Indexable} so that its processor writes
 * META-INF/annotations/hudson.Extension; the real plugin build regenerates that index.
 * {@code dynamicLoadable} (a jenkins.YesNoMaybe) is left out: the plugin does not set it.
 * {@code optional()} carries {@code @Deprecated}, as current core is reported to (the core sources
 * checked, from the 1.x line, declare it without; see SIGNATURES.md); this changes no caller.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
@Documented
public @interface Extension {
    double ordinal() default 0;

    @Deprecated
    boolean optional() default false;
}
