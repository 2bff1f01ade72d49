package dev.graalpymp.host;

import java.util.List;

/**
 * The interpreter flags of {@code python3}'s command line that change how a program runs, each with the
 * environment variable CPython reads for it unless {@code ignoreEnvironment} ({@code -E}/{@code -I}) is set.
 *
 * @param unbuffered         {@code -u} / {@code PYTHONUNBUFFERED}: unbuffered binary stdout and stderr
 * @param ignoreEnvironment  {@code -E}: ignore the {@code PYTHON*} environment variables
 * @param dontWriteBytecode  {@code -B} / {@code PYTHONDONTWRITEBYTECODE}
 * @param safePath           {@code -P} / {@code PYTHONSAFEPATH}: do not prepend the script's directory to sys.path
 * @param noUserSite         {@code -s} / {@code PYTHONNOUSERSITE}
 * @param noSite             {@code -S}: no {@code import site} at start-up
 * @param optimize           {@code -O} / {@code PYTHONOPTIMIZE}: asserts removed, {@code __debug__} false
 * @param warnOptions        {@code -W} options followed by the entries of {@code PYTHONWARNINGS}
 * @param xOptions           {@code -X} options as given ({@code name} or {@code name=value}): {@code sys._xoptions}
 */
public record PythonFlags(boolean unbuffered, boolean ignoreEnvironment, boolean dontWriteBytecode,
                          boolean safePath, boolean noUserSite, boolean noSite, boolean optimize,
                          List<String> warnOptions, List<String> xOptions) {

    /** No flags: what {@code python3 script.py} does. */
    public static final PythonFlags NONE = new PythonFlags(false, false, false, false, false, false, false,
            List.of(), List.of());

    /** Copies the lists so the record stays immutable. */
    public PythonFlags {
        warnOptions = List.copyOf(warnOptions);
        xOptions = List.copyOf(xOptions);
    }

    /** Returns a copy with {@code -u} set or cleared. */
    public PythonFlags withUnbuffered(boolean value) {
        return new PythonFlags(value, ignoreEnvironment, dontWriteBytecode, safePath, noUserSite, noSite, optimize,
                warnOptions, xOptions);
    }

    /** Returns a copy with these {@code -X} options. */
    public PythonFlags withXOptions(List<String> options) {
        return new PythonFlags(unbuffered, ignoreEnvironment, dontWriteBytecode, safePath, noUserSite, noSite,
                optimize, warnOptions, options);
    }

    /** These flags combined with the {@code PYTHON*} variables of {@code env}, as CPython reads them at start-up. */
    PythonFlags resolvedAgainst(java.util.Map<String, String> env) {
        if (ignoreEnvironment) {
            return this;
        }
        List<String> warnings = new java.util.ArrayList<>(warnOptions);
        String fromEnv = env.get("PYTHONWARNINGS");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            // CPython gives PYTHONWARNINGS lower priority than -W: its entries come first in sys.warnoptions.
            warnings.addAll(0, List.of(fromEnv.split(",")));
        }
        return new PythonFlags(unbuffered || set(env, "PYTHONUNBUFFERED"), false,
                dontWriteBytecode || set(env, "PYTHONDONTWRITEBYTECODE"), safePath || set(env, "PYTHONSAFEPATH"),
                noUserSite || set(env, "PYTHONNOUSERSITE"), noSite, optimize || set(env, "PYTHONOPTIMIZE"), warnings,
                xOptions);
    }

    private static boolean set(java.util.Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isEmpty();
    }
}
