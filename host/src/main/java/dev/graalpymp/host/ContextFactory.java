package dev.graalpymp.host;

import dev.graalpymp.kernel.PythonVisible;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;

/** Builds the isolated context of one Python process: access policy, streams, environment, options. */
final class ContextFactory {

    /** Python sees the plugin's own objects through their {@link PythonVisible} members, and nothing else. */
    private static final HostAccess PLUGIN_OBJECTS_ONLY = HostAccess.newBuilder()
            .allowAccessAnnotatedBy(PythonVisible.class)
            .allowArrayAccess(true)
            .build();

    private final Engine engine;
    private final Path pythonLib;
    private final boolean allowCreateProcess;
    private final boolean allowNativeAccess;
    private final FileSystem fileSystem;
    private final String executable;
    private final List<Path> extraPath;
    private final ParsedCodeRetention parsedCode;
    private final NativeModuleCopies nativeCopies; // null: GraalPy's default, the JVM's first context only

    ContextFactory(Engine engine, Path pythonLib, PythonRuntime.Builder config, NativeModuleCopies nativeCopies) {
        this.engine = engine;
        this.parsedCode = new ParsedCodeRetention(engine, config.engineLog);
        this.pythonLib = pythonLib;
        this.allowCreateProcess = config.allowCreateProcess;
        this.allowNativeAccess = config.allowNativeAccess;
        this.fileSystem = config.fileSystem;
        this.executable = config.executable;
        this.extraPath = List.copyOf(config.pythonPath);
        this.nativeCopies = nativeCopies;
    }

    /** The file system of one new context: the runtime's, made replay-aware (see {@link ReplayFileSystem}). */
    ReplayFileSystem newFileSystem() {
        return new ReplayFileSystem(fileSystem, nativeCopies == null ? null : nativeCopies.newContextDirectory());
    }

    Context create(Launch launch, ReplayFileSystem files) {
        PythonFlags flags = launch.effectiveFlags();
        Map<String, String> env = launch.environment();
        Context.Builder builder = Context.newBuilder("python")
                .engine(engine)
                .allowExperimentalOptions(true)
                .allowIO(IOAccess.newBuilder().fileSystem(files).allowHostSocketAccess(true).build())
                .allowCreateThread(true)
                .allowCreateProcess(allowCreateProcess)
                .processHandler(OsChildren.HANDLER)
                .allowNativeAccess(allowNativeAccess)
                .allowHostAccess(PLUGIN_OBJECTS_ONLY)
                .allowHostClassLookup(className -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .environment(env)
                .currentWorkingDirectory(launch.workingDirectory())
                .in(launch.stdin())
                .out(launch.stdout())
                .err(launch.stderr())
                .arguments("python", launch.argv().toArray(String[]::new))
                .option("python.PythonPath", pythonPath(flags, env))
                // site installs exit()/quit()/help() in builtins, as CPython's start-up does (unless -S).
                .option("python.ForceImportSite", Boolean.toString(!flags.noSite()))
                .option("python.NoSiteFlag", Boolean.toString(flags.noSite()))
                .option("python.PythonOptimizeFlag", Boolean.toString(flags.optimize()))
                .option("python.UnbufferedIO", Boolean.toString(flags.unbuffered()))
                .option("python.DontWriteBytecodeFlag", Boolean.toString(flags.dontWriteBytecode()))
                .option("python.NoUserSiteFlag", Boolean.toString(flags.noUserSite()))
                .option("python.IgnoreEnvironmentFlag", Boolean.toString(flags.ignoreEnvironment()))
                .option("python.WarnOptions", String.join(",", flags.warnOptions()))
                .option("python.IsolateNativeModules", Boolean.toString(nativeCopies != null));
        if (executable != null) {
            builder.option("python.Executable", executable);
        }
        Context context = builder.build();
        // The engine's parse cache for this context's options exists once Python is initialized.
        context.initialize("python");
        parsedCode.attach();
        return context;
    }

    /** PYTHONPATH first (as CPython), then the embedder's directories, then the plugin's own library. */
    private String pythonPath(PythonFlags flags, Map<String, String> env) {
        List<String> entries = new ArrayList<>();
        String fromEnv = env.get("PYTHONPATH");
        if (!flags.ignoreEnvironment() && fromEnv != null && !fromEnv.isEmpty()) {
            entries.add(fromEnv);
        }
        extraPath.forEach(p -> entries.add(p.toString()));
        entries.add(pythonLib.toString());
        return String.join(File.pathSeparator, entries);
    }
}
