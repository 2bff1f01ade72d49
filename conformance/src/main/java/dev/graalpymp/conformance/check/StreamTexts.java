package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.StreamName;

import java.util.EnumMap;
import java.util.Map;

/** The current (possibly normalized) text of stdout and stderr while a spec's checks run. */
public final class StreamTexts {
    private final Map<StreamName, String> texts = new EnumMap<>(StreamName.class);

    public StreamTexts(String stdout, String stderr) {
        texts.put(StreamName.STDOUT, stdout);
        texts.put(StreamName.STDERR, stderr);
    }

    private StreamTexts(StreamTexts other) {
        texts.putAll(other.texts);
    }

    public String get(StreamName stream) {
        return texts.get(stream);
    }

    public void set(StreamName stream, String text) {
        texts.put(stream, text);
    }

    /** An independent copy: each alternative starts from the commonly normalized texts. */
    public StreamTexts copy() {
        return new StreamTexts(this);
    }
}
