package dev.graalpymp.conformance.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conformance/waiting.tsv}: the single list of examples that cannot pass yet, each with the issue
 * and capability it waits for. Tab-separated with the header {@code id issue capability}; blank lines and
 * lines starting with {@code #} are ignored.
 */
public final class WaitingList {
    /** The required header row. */
    public static final String HEADER = "id\tissue\tcapability";

    private final Map<String, WaitingEntry> entries;

    private WaitingList(Map<String, WaitingEntry> entries) {
        this.entries = entries;
    }

    /** No example is waiting. */
    public static WaitingList empty() {
        return new WaitingList(Map.of());
    }

    /** Reads the file; a malformed row or a duplicated id is an error. */
    public static WaitingList load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of a waiting list ({@code source} names it in errors). */
    public static WaitingList parse(List<String> lines, String source) {
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException(source + ": the first line must be the header '"
                    + HEADER.replace("\t", "<TAB>") + "'");
        }
        Map<String, WaitingEntry> entries = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length != 3 || cols[0].isBlank() || cols[1].isBlank() || cols[2].isBlank()) {
                throw new IllegalArgumentException(source + ":" + (i + 1)
                        + ": expected 3 tab-separated columns (id, issue, capability): " + line);
            }
            WaitingEntry e = new WaitingEntry(cols[0].strip(), cols[1].strip(), cols[2].strip());
            if (entries.put(e.id(), e) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.id() + " is listed twice");
            }
        }
        return new WaitingList(Map.copyOf(entries));
    }

    /** The entry of an example, if it is waiting. */
    public Optional<WaitingEntry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** All entries. */
    public Map<String, WaitingEntry> entries() {
        return entries;
    }
}
