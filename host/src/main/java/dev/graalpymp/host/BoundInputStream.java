package dev.graalpymp.host;

import java.io.IOException;
import java.io.InputStream;

/**
 * A process's stdin, bound to its launch's stream when the process takes its context: a pooled context is made
 * before anyone knows whose program it will run. Until bound it reads as empty.
 */
final class BoundInputStream extends InputStream {

    private volatile InputStream source = InputStream.nullInputStream();

    void bind(InputStream newSource) {
        this.source = newSource;
    }

    @Override
    public int read() throws IOException {
        return source.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return source.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }
}
