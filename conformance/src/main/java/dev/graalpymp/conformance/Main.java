package dev.graalpymp.conformance;

import dev.graalpymp.conformance.check.Checker;
import dev.graalpymp.conformance.check.Verdict;
import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.run.ExampleRunner;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;
import dev.graalpymp.conformance.spec.SpecParser;
import dev.graalpymp.conformance.suite.ConformanceSuite;
import dev.graalpymp.conformance.suite.Corpus;
import dev.graalpymp.conformance.suite.ExampleOutcome;
import dev.graalpymp.conformance.suite.Judgement;
import dev.graalpymp.conformance.suite.MarkdownReport;
import dev.graalpymp.conformance.suite.Tally;
import dev.graalpymp.conformance.suite.WaitingList;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Command line entry: runs the corpus (or some examples) under any interpreter and prints one line per
 * example plus its {@code Tally} ({@code N passed, M failed[, K not exercised (...)]}); or checks one recorded run like the reference {@code check.py}.
 */
public final class Main {
    private static final String USAGE = """
            usage:
              run the suite:   Main --python CMD [--python-arg ARG]... [--buffered] [--corpus DIR]
                                    [--waiting FILE | --no-waiting] [--report FILE] [--raw-dir DIR] [--scratch DIR]
                                    [--keep-scratch] [--env NAME=VALUE]... [--stderr-ignore REGEX]...
                                    [ID-or-prefix...]
              check one run:   Main check SPEC OUT ERR RC [--mode unbuffered|buffered|any]
                                    [--stderr-ignore REGEX]...
            The suite runs the protocol (unbuffered) variant unless --buffered is given; `python3` in the
            specs' argv is replaced by CMD and the --python-arg arguments. The waiting list defaults to
            waiting.tsv next to the corpus. SKIP marks an example not exercised: CPython's recorded
            runs and this one stop importing a third-party module missing here. Exit status 0 when every
            selected example passes or is not exercised, 1 otherwise, 2 on a usage error.
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status;
        try {
            status = args.length > 0 && args[0].equals("check")
                    ? check(List.of(args).subList(1, args.length), out)
                    : runSuite(List.of(args), out);
        } catch (IllegalArgumentException e) {
            System.err.println("conformance: " + e.getMessage());
            System.err.print(USAGE);
            status = 2;
        }
        System.exit(status);
    }

    private static int runSuite(List<String> args, PrintStream out) throws IOException, InterruptedException {
        List<String> interpreter = new ArrayList<>();
        List<String> interpreterArgs = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        List<PyPattern> ignores = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Mode mode = Mode.UNBUFFERED;
        Path corpusDir = null;
        Path waitingFile = null;
        Path report = null;
        Path rawDir = null;
        Path scratch = null;
        boolean keepScratch = false;
        boolean noWaiting = false;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String a = it.next();
            switch (a) {
                case "--python" -> interpreter.add(value(it, a));
                case "--python-arg" -> interpreterArgs.add(value(it, a));
                case "--buffered" -> mode = Mode.BUFFERED;
                case "--corpus" -> corpusDir = Path.of(value(it, a));
                case "--waiting" -> waitingFile = Path.of(value(it, a));
                case "--no-waiting" -> noWaiting = true;
                case "--report" -> report = Path.of(value(it, a));
                case "--raw-dir" -> rawDir = Path.of(value(it, a));
                case "--scratch" -> scratch = Path.of(value(it, a));
                case "--keep-scratch" -> keepScratch = true;
                case "--env" -> {
                    String kv = value(it, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--env needs NAME=VALUE, got " + kv);
                    }
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--stderr-ignore" -> ignores.add(PythonText.compile(value(it, a)));
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    filters.add(a);
                }
            }
        }
        if (interpreter.size() != 1) {
            throw new IllegalArgumentException("give the interpreter once with --python");
        }
        interpreter.addAll(interpreterArgs);
        Corpus corpus = corpusDir != null ? new Corpus(corpusDir) : Corpus.locate();
        if (waitingFile == null && !noWaiting && Files.exists(corpus.dir().resolveSibling("waiting.tsv"))) {
            waitingFile = corpus.dir().resolveSibling("waiting.tsv");
        }
        WaitingList waiting = waitingFile != null ? WaitingList.load(waitingFile) : WaitingList.empty();
        Path scratchRoot = scratch != null ? scratch : Files.createTempDirectory("graalpy-mp-conformance-");
        ExampleRunner runner = new ExampleRunner(interpreter, corpus.dir(), scratchRoot, env, keepScratch);
        ConformanceSuite suite = new ConformanceSuite(corpus, runner, mode, waiting, Optional.ofNullable(rawDir),
                ignores);

        List<ExampleOutcome> outcomes = new ArrayList<>();
        for (String id : corpus.select(filters)) {
            ExampleOutcome o = suite.run(id);
            outcomes.add(o);
            printOutcome(out, o);
        }
        if (report != null) {
            MarkdownReport.write(report, "Conformance report", List.of(
                    "Interpreter: `" + String.join(" ", interpreter) + "`, mode: " + mode.key() + ".",
                    "Corpus: `" + corpus.dir() + "`."), outcomes);
        }
        out.println(Tally.of(outcomes));
        if (scratch == null && !keepScratch) {
            Files.deleteIfExists(scratchRoot);
        }
        return outcomes.stream().allMatch(ExampleOutcome::passed) ? 0 : 1;
    }

    private static void printOutcome(PrintStream out, ExampleOutcome o) {
        Judgement j = Judgement.of(o);
        String tag = switch (j.kind()) {
            case PASS -> "PASS";
            case NOT_EXERCISED -> "SKIP";
            case FAIL -> "FAIL";
            case WAITING -> "WAIT";
            case PASSES_BUT_MARKED_WAITING -> "PASS!";
        };
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-36s %6.1fs", tag, o.id(),
                o.wallSeconds()));
        o.verdict().note().ifPresent(n -> line.append("  ").append(n));
        if (!j.message().isEmpty()) {
            line.append("  ").append(j.message());
        }
        out.println(line);
        if (!o.passed()) {
            o.verdict().reasons().stream().skip(1).forEach(r -> out.println("        - " + r));
        }
    }

    /** Same arguments, output and exit status as the reference check.py. */
    private static int check(List<String> args, PrintStream out) throws IOException {
        List<String> positional = new ArrayList<>();
        List<PyPattern> ignores = new ArrayList<>();
        Mode mode = Mode.ANY;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String a = it.next();
            if (a.equals("--mode")) {
                mode = Mode.of(value(it, a));
            } else if (a.startsWith("--mode=")) {
                mode = Mode.of(a.substring("--mode=".length()));
            } else if (a.equals("--stderr-ignore")) {
                ignores.add(PythonText.compile(value(it, a)));
            } else if (a.startsWith("--stderr-ignore=")) {
                ignores.add(PythonText.compile(a.substring("--stderr-ignore=".length())));
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 4) {
            throw new IllegalArgumentException("check needs SPEC OUT ERR RC");
        }
        Spec spec = SpecParser.load(Path.of(positional.get(0)));
        String stdout = new String(Files.readAllBytes(Path.of(positional.get(1))), StandardCharsets.UTF_8);
        String stderr = new String(Files.readAllBytes(Path.of(positional.get(2))), StandardCharsets.UTF_8);
        Path rcPath = Path.of(positional.get(3));
        String rcText = Files.isRegularFile(rcPath) ? Files.readString(rcPath) : positional.get(3);
        int rc = Integer.parseInt(rcText.strip());
        Verdict verdict = Checker.evaluate(spec, stdout, stderr, rc, mode, ignores);
        out.println(verdict.render(spec.id()));
        return verdict.passed() ? 0 : 1;
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }
}
