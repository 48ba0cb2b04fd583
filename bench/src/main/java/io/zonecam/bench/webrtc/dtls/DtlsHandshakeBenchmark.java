package io.zonecam.bench.webrtc.dtls;

import io.zonecam.bench.viewer.DtlsSrtpClient;
import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.dtls.DtlsCertificate;
import io.zonecam.webrtc.dtls.DtlsFailure;
import io.zonecam.webrtc.dtls.DtlsMetrics;
import io.zonecam.webrtc.dtls.DtlsServerConfig;
import io.zonecam.webrtc.dtls.DtlsServerSession;
import io.zonecam.webrtc.dtls.DtlsSrtpKeyExport;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DtlsHandshakeBenchmark measures one complete DTLS-SRTP handshake of {@link DtlsServerSession} against an in-memory
 * BouncyCastle client (no sockets): what a burst of viewers joining costs the node. The client is the browser-like
 * {@link DtlsSrtpClient} the viewer load tool uses.
 *
 * <p>The time covers both peers (the client's ECDHE and certificate signature run on the benchmark thread, the
 * server's on its session thread), so the server's share is roughly half. Run:
 * <pre>
 * java -jar bench/target/benchmarks.jar DtlsHandshakeBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DtlsHandshakeBenchmark {

    private DtlsCertificate serverCertificate;
    private DtlsSrtpClient.Identity clientIdentity;
    private CertificateFingerprint clientFingerprint;
    private String serverFingerprint;
    private final DtlsMetrics metrics = new DtlsMetrics();

    @Setup
    public void setUp() throws Exception {
        serverCertificate = DtlsCertificate.generate();
        clientIdentity = DtlsSrtpClient.Identity.generate();
        clientFingerprint = CertificateFingerprint.sha256(clientIdentity.der());
        serverFingerprint = DtlsSrtpClient.sha256(serverCertificate.derEncoded());
    }

    /** One handshake from ClientHello to exported keys on both sides. */
    @Benchmark
    public DtlsSrtpKeyExport handshake() throws Exception {
        LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>(256);
        CompletableFuture<DtlsSrtpKeyExport> serverKeys = new CompletableFuture<>();
        DtlsServerSession session = DtlsServerSession.start(
                DtlsServerConfig.defaults(),
                serverCertificate,
                List.of(clientFingerprint),
                toClient::offer,
                new DtlsServerSession.Listener() {
                    @Override
                    public void onComplete(DtlsSrtpKeyExport keys) {
                        serverKeys.complete(keys);
                    }

                    @Override
                    public void onFailure(DtlsFailure reason, String detail) {
                        serverKeys.completeExceptionally(new IllegalStateException(reason + ": " + detail));
                    }
                },
                metrics);
        try {
            DtlsSrtpClient.handshake(new QueueTransport(toClient, session), clientIdentity, serverFingerprint);
            return serverKeys.get(10, TimeUnit.SECONDS);
        } finally {
            session.close();
        }
    }

    /** The client's side of the in-memory link: a queue in, the server session's feed out. */
    private record QueueTransport(LinkedBlockingQueue<byte[]> in, DtlsServerSession server)
            implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            server.feed(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {}
    }
}
