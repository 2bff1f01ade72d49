package dev.graalpymp.conformance.run;

import dev.graalpymp.conformance.spec.BufferedVariant;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec's run instructions made concrete: {@code python3} replaced by the interpreter command, the
 * placeholders {@code {corpus}}, {@code {workdir}}, {@code {tmpdir}} substituted, and the environment
 * changes for the protocol (unbuffered) or the buffered variant.
 *
 * @param command     the full command line
 * @param cwd         working directory
 * @param stdin       file connected to stdin
 * @param setEnv      variables to set (spec's env, then the caller's extra variables, which win)
 * @param unsetEnv    variables to remove (the buffered variant's env_unset)
 * @param timeoutSeconds the spec's timeout
 */
public record RunPlan(List<String> command, Path cwd, Path stdin, Map<String, String> setEnv, Set<String> unsetEnv,
                     double timeoutSeconds) {
    /** The interpreter placeholder in spec argv. */
    public static final String PYTHON = "python3";

    public RunPlan {
        command = List.copyOf(command);
        setEnv = Map.copyOf(setEnv);
        unsetEnv = Set.copyOf(unsetEnv);
    }

    /** Builds the plan for running {@code spec} in {@code mode} (UNBUFFERED = the protocol run, or BUFFERED). */
    public static RunPlan of(Spec spec, Mode mode, List<String> interpreter, Path corpus, Path workdir, Path tmpdir,
                             Map<String, String> extraEnv) {
        if (interpreter.isEmpty()) {
            throw new IllegalArgumentException("empty interpreter command");
        }
        List<String> argv = spec.argv();
        List<String> unset = List.of();
        if (mode == Mode.BUFFERED) {
            BufferedVariant variant = spec.run().buffered().orElseThrow(() ->
                    new IllegalArgumentException(spec.id() + " has no buffered variant"));
            argv = variant.argv();
            unset = variant.envUnset();
        } else if (mode != Mode.UNBUFFERED) {
            throw new IllegalArgumentException("a run is either unbuffered or buffered, not " + mode.key());
        }
        if (argv.isEmpty() || !argv.get(0).equals(PYTHON)) {
            throw new IllegalArgumentException(spec.id() + ": argv must start with " + PYTHON + ", got " + argv);
        }
        Map<String, String> placeholders = Map.of(
                "{corpus}", corpus.toAbsolutePath().toString(),
                "{workdir}", workdir.toAbsolutePath().toString(),
                "{tmpdir}", tmpdir.toAbsolutePath().toString());
        List<String> command = new ArrayList<>(interpreter);
        argv.subList(1, argv.size()).forEach(a -> command.add(substitute(a, placeholders)));
        Map<String, String> env = new LinkedHashMap<>();
        spec.run().env().forEach((k, v) -> env.put(k, substitute(v, placeholders)));
        unset.forEach(env::remove);
        env.putAll(extraEnv);
        return new RunPlan(command, Path.of(substitute(spec.run().cwd(), placeholders)),
                Path.of(substitute(spec.run().stdin(), placeholders)), env, Set.copyOf(unset), spec.timeoutSeconds());
    }

    private static String substitute(String s, Map<String, String> placeholders) {
        String out = s;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
