package com.cloudbees.groovy.cps;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test stand-in for groovy-cps's {@code @NonCPS} (not on Maven Central), so library code that
 * marks a method {@code @NonCPS} compiles in the harness as it does in Jenkins. The harness's CPS
 * check skips such methods, as Jenkins's CPS transformer does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface NonCPS {
}
