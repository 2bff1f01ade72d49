package dev.graalpymp.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.host.Launch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** python3's command-line grammar, compared with what CPython 3.12 accepts and rejects. */
class CommandLineTest {

    private static CommandLine.Run run(String... words) throws Exception {
        return assertInstanceOf(CommandLine.Run.class, CommandLine.parse(List.of(words), false));
    }

    @Test
    void scriptAndItsArgumentsEndOptionParsing() throws Exception {
        CommandLine.Run r = run("-u", "script.py", "-c", "x");
        assertEquals(Launch.Kind.FILE, r.kind());
        assertEquals("script.py", r.target());
        assertEquals(List.of("-c", "x"), r.args());
        assertTrue(r.flags().unbuffered());
    }

    @Test
    void codeAndModuleTakeAttachedOrNextWord() throws Exception {
        assertEquals("print(1)", run("-cprint(1)").target());
        CommandLine.Run c = run("-uc", "pass", "a");
        assertEquals(Launch.Kind.CODE, c.kind());
        assertEquals(List.of("a"), c.args());
        assertTrue(c.flags().unbuffered());
        CommandLine.Run m = run("-m", "json.tool", "-h");
        assertEquals(Launch.Kind.MODULE, m.kind());
        assertEquals(List.of("-h"), m.args());
    }

    @Test
    void bundledFlagsAndWarnings() throws Exception {
        CommandLine.Run r = run("-BEs", "-W", "error", "-Wignore", "x.py");
        assertTrue(r.flags().dontWriteBytecode() && r.flags().ignoreEnvironment() && r.flags().noUserSite());
        assertEquals(List.of("error", "ignore"), r.flags().warnOptions());
        assertTrue(run("-I", "x.py").flags().safePath());
    }

    @Test
    void stdinProgram() throws Exception {
        assertEquals(Launch.Kind.STDIN, run("-", "a").kind());
        assertEquals(Launch.Kind.STDIN, run().kind());
        assertInstanceOf(CommandLine.Interactive.class, CommandLine.parse(List.of(), true));
    }

    @Test
    void usageErrorsCarryCPythonsMessages() {
        assertEquals("Unknown option: -z",
                assertThrows(CommandLine.UsageError.class, () -> run("-z")).getMessage());
        assertEquals("Argument expected for the -c option",
                assertThrows(CommandLine.UsageError.class, () -> run("-c")).getMessage());
    }

    @Test
    void xOptionsAreKeptInOrderAttachedOrNextWordAsCPythonAcceptsAnyName() throws Exception {
        CommandLine.Run r = run("-X", "faulthandler", "-Xfoo=1", "-uX", "bar", "-c", "pass");
        assertEquals(List.of("faulthandler", "foo=1", "bar"), r.flags().xOptions());
        assertTrue(r.flags().unbuffered());
        assertEquals("Argument expected for the -X option",
                assertThrows(CommandLine.UsageError.class, () -> run("-X")).getMessage());
    }

    @Test
    void noSiteAndOptimizeAsTestSupportPassesThemToChildren() throws Exception {
        CommandLine.Run r = run("-E", "-S", "-O", "-c", "pass");
        assertTrue(r.flags().noSite());
        assertTrue(r.flags().optimize());
        assertTrue(r.flags().ignoreEnvironment());
        assertFalse(run("x.py").flags().noSite());
    }

    @Test
    void unimplementedOptionsAreRefusedNotIgnored() {
        assertThrows(CommandLine.Unsupported.class, () -> run("-OO", "x.py"));
        assertThrows(CommandLine.Unsupported.class, () -> run("-X", "dev", "x.py"));
        assertThrows(CommandLine.Unsupported.class, () -> run("-X", "importtime", "x.py"));
        assertThrows(CommandLine.Unsupported.class, () -> run("-Xutf8=0", "x.py"));
        assertThrows(CommandLine.Unsupported.class, () -> run("-i", "x.py"));
    }

    @Test
    void versionAndHelp() throws Exception {
        assertInstanceOf(CommandLine.Version.class, CommandLine.parse(List.of("-V"), false));
        assertInstanceOf(CommandLine.Version.class, CommandLine.parse(List.of("--version"), false));
        assertEquals(new CommandLine.Version(true), CommandLine.parse(List.of("-VV"), false));
        assertEquals(new CommandLine.Version(false), CommandLine.parse(List.of("-V", "x.py"), false));
        assertInstanceOf(CommandLine.Help.class, CommandLine.parse(List.of("-h"), false));
    }
}
