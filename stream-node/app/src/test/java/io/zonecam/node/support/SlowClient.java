package io.zonecam.node.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * SlowClient asks for a download over a plain socket with a small receive window, reads the response head and then
 * nothing more until told to, as a stalled or hostile player does.
 */
public final class SlowClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final long contentLength;

    /** Sends {@code GET pathAndQuery} to 127.0.0.1:{@code port} and reads the response head (10 s at most). */
    public SlowClient(int port, String pathAndQuery) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.getOutputStream()
                .write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        in = socket.getInputStream();
        String head = readHead();
        status = Integer.parseInt(head.substring(9, 12));
        long length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        contentLength = length;
    }

    public int status() {
        return status;
    }

    public long contentLength() {
        return contentLength;
    }

    /** Reads the rest of the body; returns the bytes read before the end of the body or of the connection. */
    public long readBody() throws IOException {
        return readBody(OutputStream.nullOutputStream());
    }

    /** Reads the rest of the body into {@code sink}; returns the bytes read before the body or connection ended. */
    public long readBody(OutputStream sink) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < contentLength) {
            int n;
            try {
                n = in.read(buf, 0, (int) Math.min(buf.length, contentLength - total));
            } catch (java.net.SocketException reset) {
                return total;
            }
            if (n < 0) {
                return total;
            }
            sink.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
