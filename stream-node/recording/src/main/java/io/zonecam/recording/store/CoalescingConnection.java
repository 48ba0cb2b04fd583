package io.zonecam.recording.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * CoalescingConnection is an {@link HttpURLConnection} whose request body reaches the socket in writes of
 * {@link #BODY_BUFFER} bytes instead of the SDK's 4 KiB.
 *
 * <p>Why: the SDK's URL-connection client copies a body in 4 KiB pieces, and the JDK's streaming output flushes after
 * every write, so each piece became its own TLS record and socket write: about 9,000 records a second for 150
 * cameras' uploads, each with a cipher re-initialisation and a system call. Buffered here, the JDK writes full
 * 16 KiB TLS records, a quarter as many. The buffer is flushed before anything of the response is read, so the
 * request is always complete when the server is asked to answer.
 *
 * <p>Every other call goes to the JDK's own connection. Only what the SDK's client calls is delegated (request
 * method, headers, timeouts, streaming mode, response code, headers and streams); a wrapper that forgot one would
 * send a request without it, which {@code ObjectStoreContractTest} and the recording tests against s3proxy catch.
 */
final class CoalescingConnection extends HttpURLConnection {

    /** Four full TLS records (16 KiB each). */
    static final int BODY_BUFFER = 64 * 1024;

    private final HttpURLConnection delegate;
    private OutputStream body;

    private CoalescingConnection(HttpURLConnection delegate) {
        super(delegate.getURL());
        this.delegate = delegate;
    }

    /**
     * Opens a JDK connection to {@code uri} (JVM-wide TLS and proxy settings, as the SDK's default) with these
     * timeouts. The SDK's client, built with a connection factory, would set its own defaults on every connection,
     * so {@link #setConnectTimeout} and {@link #setReadTimeout} keep the ones given here.
     */
    static HttpURLConnection open(URI uri, Duration connectTimeout, Duration readTimeout) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            c.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            return new CoalescingConnection(c);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (body == null) {
            body = new BufferedOutputStream(delegate.getOutputStream(), BODY_BUFFER);
        }
        return body;
    }

    /** Sends what the body buffer holds: called before anything of the response is read. */
    private void sendBody() throws IOException {
        if (body != null) {
            body.flush();
        }
    }

    private void sendBodyQuietly() {
        try {
            sendBody();
        } catch (IOException e) {
            // the response call that follows fails on the same broken connection and reports it
        }
    }

    @Override
    public int getResponseCode() throws IOException {
        sendBody();
        return delegate.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        sendBody();
        return delegate.getResponseMessage();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        sendBody();
        return delegate.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        sendBodyQuietly();
        return delegate.getErrorStream();
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        sendBodyQuietly();
        return delegate.getHeaderFields();
    }

    @Override
    public String getHeaderField(String name) {
        sendBodyQuietly();
        return delegate.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        sendBodyQuietly();
        return delegate.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        sendBodyQuietly();
        return delegate.getHeaderFieldKey(n);
    }

    @Override
    public long getContentLengthLong() {
        sendBodyQuietly();
        return delegate.getContentLengthLong();
    }

    @Override
    public void connect() throws IOException {
        delegate.connect();
    }

    @Override
    public void disconnect() {
        delegate.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return delegate.usingProxy();
    }

    @Override
    public void setRequestMethod(String method) throws java.net.ProtocolException {
        delegate.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return delegate.getRequestMethod();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        delegate.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        delegate.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return delegate.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return delegate.getRequestProperties();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        delegate.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return delegate.getDoOutput();
    }

    @Override
    public void setDoInput(boolean doInput) {
        delegate.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return delegate.getDoInput();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        delegate.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return delegate.getUseCaches();
    }

    @Override
    public void setInstanceFollowRedirects(boolean follow) {
        delegate.setInstanceFollowRedirects(follow);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return delegate.getInstanceFollowRedirects();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        // keeps the timeout given to open()
    }

    @Override
    public int getConnectTimeout() {
        return delegate.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        // keeps the timeout given to open()
    }

    @Override
    public int getReadTimeout() {
        return delegate.getReadTimeout();
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        delegate.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        delegate.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        delegate.setChunkedStreamingMode(chunkLength);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
