package io.katarelease.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Closes this process to other processes of the same user: {@code prctl(PR_SET_DUMPABLE, 0)}, so
 * the kernel refuses them {@code ptrace}, {@code /proc/<pid>/mem}, {@code environ} and the rest of
 * this process's {@code /proc} entries. (The Java 17 version of this class does nothing.)
 */
public final class ProcessGuard {
    private static final int PR_SET_DUMPABLE = 4;

    private ProcessGuard() {}

    /** @return whether this process is now closed to other processes of its user */
    public static boolean closeToSameUser() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            Linker linker = Linker.nativeLinker();
            // int prctl(int option, ...): the second argument is variadic, an unsigned long.
            MethodHandle prctl = linker.downcallHandle(linker.defaultLookup().find("prctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
            return (int) prctl.invokeExact(PR_SET_DUMPABLE, 0L) == 0;
        } catch (Throwable e) {
            return false; // no native access (a JVM option refused it): the process stays as it was
        }
    }
}
