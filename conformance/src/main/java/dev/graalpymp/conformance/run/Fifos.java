package dev.graalpymp.conformance.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Creates named pipes with the {@code mkfifo} tool (the JDK has no API for it before FFM). */
final class Fifos {
    private Fifos() {
    }

    static Path create(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString())
                .redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed: " + new String(output).strip());
        }
        return path;
    }
}
