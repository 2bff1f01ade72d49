package dev.graalpymp.conformance.spec;

import java.util.List;

/** The "real user" run of an example: its own argv (no {@code -u}) and the variables to remove. */
public record BufferedVariant(List<String> argv, List<String> envUnset) {
    public BufferedVariant {
        argv = List.copyOf(argv);
        envUnset = List.copyOf(envUnset);
    }
}
