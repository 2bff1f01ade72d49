package dev.graalpymp.host.cli;

import dev.graalpymp.host.Launch;
import dev.graalpymp.host.PythonFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a {@code python3} command line ({@code [option] ... [-c cmd | -m mod | file | -] [arg] ...}) the way
 * CPython's getopt does: options may be bundled ({@code -uB}), {@code -c}/{@code -m}/{@code -W} take their
 * argument attached or as the next word, and everything after the program belongs to the program.
 */
final class CommandLine {

    /** What the command line asks for. */
    sealed interface Request permits Run, Version, Help, Interactive {
    }

    /** Run a program. */
    record Run(Launch.Kind kind, String target, List<String> args, PythonFlags flags) implements Request {
    }

    /** {@code -V} / {@code --version}; given twice ({@code -VV}), also the runtime's details. */
    record Version(boolean verbose) implements Request {
    }

    /** {@code -h} / {@code --help}. */
    record Help() implements Request {
    }

    /** No program and standard input is a terminal: CPython would start its REPL. */
    record Interactive() implements Request {
    }

    /** A command line CPython rejects, with CPython's message; exit status 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    /** An option CPython accepts but this runtime does not implement; it is refused, never ignored. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private CommandLine() {
    }

    static Request parse(List<String> words, boolean stdinIsTerminal) throws UsageError, Unsupported {
        boolean unbuffered = false, ignoreEnv = false, noBytecode = false, safePath = false, noUserSite = false;
        boolean noSite = false;
        int optimize = 0;
        List<String> warnOptions = new ArrayList<>();
        List<String> xOptions = new ArrayList<>();
        int versionCount = 0;
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (word.equals("--")) {
                i++;
                break;
            }
            if (word.equals("--version")) {
                versionCount++;
                i++;
                continue;
            }
            if (word.equals("--help")) {
                return new Help();
            }
            if (!word.startsWith("-") || word.equals("-")) {
                break;
            }
            if (word.startsWith("--")) {
                throw new UsageError("unknown option " + word);
            }
            for (int j = 1; j < word.length(); j++) {
                char option = word.charAt(j);
                String attached = word.substring(j + 1);
                switch (option) {
                    case 'c', 'm' -> {
                        String value = attached.isEmpty() ? argument(words, ++i, option) : attached;
                        PythonFlags flags = new PythonFlags(unbuffered, ignoreEnv, noBytecode, safePath, noUserSite,
                                noSite, optimize > 0, warnOptions, xOptions);
                        List<String> rest = words.subList(i + 1, words.size());
                        return new Run(option == 'c' ? Launch.Kind.CODE : Launch.Kind.MODULE, value, rest, flags);
                    }
                    case 'W' -> {
                        warnOptions.add(attached.isEmpty() ? argument(words, ++i, option) : attached);
                        j = word.length();
                    }
                    case 'X' -> {
                        xOptions.add(xOption(attached.isEmpty() ? argument(words, ++i, option) : attached));
                        j = word.length();
                    }
                    case 'u' -> unbuffered = true;
                    case 'E' -> ignoreEnv = true;
                    case 'B' -> noBytecode = true;
                    case 'P' -> safePath = true;
                    case 's' -> noUserSite = true;
                    case 'S' -> noSite = true;
                    case 'O' -> {
                        // GraalPy has one optimisation level: -OO would keep docstrings, so it is refused.
                        if (++optimize > 1) {
                            throw new Unsupported("option -OO is not supported (GraalPy keeps docstrings; -O works)");
                        }
                    }
                    case 'I' -> {
                        ignoreEnv = true;
                        safePath = true;
                        noUserSite = true;
                    }
                    case 'q' -> { } // only affects the interactive banner
                    case 'V' -> versionCount++;
                    case 'h', '?' -> {
                        return new Help();
                    }
                    case 'b', 'd', 'i', 'R', 'v', 'x' -> throw new Unsupported(
                            "option -" + option + " is not supported");
                    default -> throw new UsageError("Unknown option: -" + option);
                }
            }
            i++;
        }
        if (versionCount > 0) {
            return new Version(versionCount > 1);
        }
        PythonFlags flags = new PythonFlags(unbuffered, ignoreEnv, noBytecode, safePath, noUserSite, noSite,
                optimize > 0, warnOptions, xOptions);
        if (i >= words.size()) {
            return stdinIsTerminal ? new Interactive() : new Run(Launch.Kind.STDIN, "-", List.of(), flags);
        }
        String program = words.get(i);
        List<String> rest = words.subList(i + 1, words.size());
        if (program.equals("-")) {
            return new Run(Launch.Kind.STDIN, "-", rest, flags);
        }
        return new Run(Launch.Kind.FILE, program, rest, flags);
    }

    /**
     * CPython's own -X options that change how it runs and that this runtime cannot honour; {@code utf8=0} is
     * refused too (UTF-8 is GraalPy's only mode, so {@code -X utf8} needs nothing). Any other option is taken as
     * CPython takes it, into {@code sys._xoptions}, where {@code graalpy_mp.main} acts on those it implements.
     */
    private static final Set<String> UNSUPPORTED_X_OPTIONS = Set.of("dev", "importtime",
            "tracemalloc", "showrefcount", "perf", "frozen_modules", "no_debug_ranges", "pycache_prefix",
            "warn_default_encoding");

    private static String xOption(String option) throws Unsupported {
        String name = option.split("=", 2)[0];
        if (UNSUPPORTED_X_OPTIONS.contains(name) || option.equals("utf8=0")) {
            throw new Unsupported("-X " + option + ": this -X option is not supported");
        }
        return option;
    }

    private static String argument(List<String> words, int index, char option) throws UsageError {
        if (index >= words.size()) {
            throw new UsageError("Argument expected for the -" + option + " option");
        }
        return words.get(index);
    }
}
