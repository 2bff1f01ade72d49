package dev.graalpymp.conformance.spec;

import java.util.Map;
import java.util.Optional;

/**
 * How to run an example, with placeholders ({@code {corpus}}, {@code {workdir}}, {@code {tmpdir}}) still in
 * place: working directory, stdin file, environment additions and the optional buffered variant.
 */
public record RunSettings(String cwd, String stdin, Map<String, String> env, Optional<BufferedVariant> buffered) {
    public RunSettings {
        env = Map.copyOf(env);
    }
}
