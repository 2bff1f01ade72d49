package dev.graalpymp.host;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a context fixes when it is made, so that a context made ahead of time (pooled) can run a launch only if
 * they agree: the interpreter flags and the environment variables that Python's start-up reads (PYTHONPATH and
 * the other {@code PYTHON*}, HOME for the user site directory, TZ for {@code time}, the locale variables). The
 * rest of the environment, the working directory, argv and the streams are the launch's own, set when the
 * context is taken.
 */
record ContextConfig(PythonFlags flags, Map<String, String> startupEnvironment) {

    static ContextConfig of(Launch launch) {
        Map<String, String> startup = new TreeMap<>();
        launch.environment().forEach((name, value) -> {
            if (readAtStartUp(name)) {
                startup.put(name, value);
            }
        });
        PythonFlags flags = launch.effectiveFlags();
        // -X options are applied by graalpy_mp.main when the program starts, not by the context.
        return new ContextConfig(flags.withXOptions(java.util.List.of()), Map.copyOf(startup));
    }

    /** The variables that {@link PythonFlags#resolvedAgainst} folds into the flags, which the key has already. */
    private static final java.util.Set<String> IN_THE_FLAGS = java.util.Set.of("PYTHONUNBUFFERED",
            "PYTHONDONTWRITEBYTECODE", "PYTHONSAFEPATH", "PYTHONNOUSERSITE", "PYTHONWARNINGS", "PYTHONOPTIMIZE");

    private static boolean readAtStartUp(String name) {
        return (name.startsWith("PYTHON") && !IN_THE_FLAGS.contains(name)) || name.startsWith("LC_")
                || name.equals("HOME") || name.equals("TZ") || name.equals("LANG");
    }

    /**
     * The launch a pooled context is made for: this configuration and {@code environment} (that of the last
     * launch of this configuration, which agrees with it on the start-up variables: the next run's environment
     * is then most likely the same, and taking it costs little), nothing of any program yet.
     */
    Launch templateLaunch(Map<String, String> environment) {
        return Launch.code("").withEnvironment(environment).withFlags(flags);
    }
}
