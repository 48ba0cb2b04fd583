package io.zonecam.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** RawRtspClient speaks RTSP over a plain socket so tests control every byte, including wrong ones. */
public final class RawRtspClient implements AutoCloseable {

    /** Response is one parsed RTSP response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The Session id without the timeout parameter. */
        public String session() {
            String s = header("Session");
            return s == null ? null : s.split(";")[0];
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int cseq;

    public RawRtspClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request with the next CSeq and the given extra header lines, then reads the response. */
    public Response request(String method, String uri, String body, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(++cseq).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            sb.append("Content-Length: ").append(b.length).append("\r\n");
        }
        sb.append("\r\n");
        sendRaw(sb.toString());
        if (b.length > 0) {
            sendRaw(b);
        }
        Response r = read();
        if (r != null && !String.valueOf(cseq).equals(r.header("CSeq"))) {
            throw new AssertionError("CSeq " + cseq + " not echoed: " + r);
        }
        return r;
    }

    /** Sends an ANNOUNCE of {@code sdp} (as application/sdp, with any extra header lines), then reads the response. */
    public Response announce(String uri, String sdp, String... headers) throws IOException {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: application/sdp";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return request("ANNOUNCE", uri, sdp, all);
    }

    /** Sends one interleaved frame ('$', channel, length, data). */
    public void interleaved(int channel, byte[] data) throws IOException {
        byte[] frame = new byte[4 + data.length];
        frame[0] = '$';
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        sendRaw(frame);
    }

    /** Reads one response; null when the server closed the connection first. */
    public Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : (c == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        byte[] body = in.readNBytes(length);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (EOF within the socket timeout). */
    public boolean closedByServer() {
        return ServerEof.reached(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
