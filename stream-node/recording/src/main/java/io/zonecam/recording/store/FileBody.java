package io.zonecam.recording.store;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * FileBody is the request body of one put from a file: the SDK asks it for a new stream at each attempt, and each stream reads the file from the start through a
 * {@link #READ_BUFFER} buffer, so the SDK's 4 KiB reads cost one system call per 128 KiB. A retry's new stream closes
 * the one before.
 *
 * <p>The length was taken when the put began and went out as {@code Content-Length}. A file that no longer has it (a
 * spool file deleted or cut shorter between two attempts, or while it is read) fails the attempt: the reason is kept
 * as an {@link IOException} naming the file ({@link #failure()}), for the store to throw instead of the unchecked
 * exception the SDK lets through (the SDK cannot take a checked one from a {@link ContentStreamProvider}). Nothing
 * short is ever sent as a whole request: the stream fails before its last byte.
 */
final class FileBody implements ContentStreamProvider, AutoCloseable {

    /** File bytes read per system call (the SDK asks for 4 KiB at a time). */
    static final int READ_BUFFER = 128 * 1024;

    private final Path file;
    private final long length;
    private InputStream last;
    private volatile IOException failure;

    /** A body of {@code length} bytes, the size of {@code file} when the put began. */
    FileBody(Path file, long length) {
        this.file = file;
        this.length = length;
    }

    /** Why the file could not be sent whole (the first reason), or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public synchronized InputStream newStream() {
        try {
            closeLast();
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new IOException(file + " no longer exists (" + length + " bytes when the upload began)", e);
            }
            long size = channel.size();
            if (size != length) {
                channel.close();
                throw new IOException(file + " is " + size + " bytes, " + length + " bytes when the upload began");
            }
            last = new BufferedInputStream(new Whole(Channels.newInputStream(channel)), READ_BUFFER);
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(failed(e));
        }
    }

    @Override
    public String name() {
        return "File";
    }

    @Override
    public synchronized void close() throws IOException {
        closeLast();
    }

    private void closeLast() throws IOException {
        if (last != null) {
            last.close();
            last = null;
        }
    }

    private IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Whole fails a read that finds the end of the file before {@link #length} bytes. */
    private final class Whole extends FilterInputStream {
        private long read;

        Whole(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) throws IOException {
            if (n > 0) {
                read += n;
            } else if (n < 0 && read < length) {
                throw failed(new IOException(
                        file + " ended after " + read + " of its " + length + " bytes while it was sent"));
            }
        }
    }
}
