package io.zonecam.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** In-memory DTLS-SRTP handshakes between a BouncyCastle client and {@link DtlsServerSession}: no sockets. */
class DtlsServerSessionTest {

    private static final long DEADLINE_SECONDS = 10;
    private static final int[] CHROME_PROFILES = {0x0008, 0x0007, 0x0001}; // AEAD_256_GCM, AEAD_128_GCM, CM_SHA1_80

    private static DtlsCertificate serverCertificate;
    private static DtlsCertificate clientCertificate;
    private static DtlsCertificate otherCertificate;

    private final DtlsMetrics metrics = new DtlsMetrics();
    private final RecordingListener listener = new RecordingListener();
    private final List<byte[]> serverOut = new CopyOnWriteArrayList<>();
    private DtlsServerSession session;
    private InMemoryDtlsClient client;

    @BeforeAll
    static void certificates() {
        serverCertificate = DtlsCertificate.generate();
        clientCertificate = DtlsCertificate.generate();
        otherCertificate = DtlsCertificate.generate();
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (session != null) {
            session.close();
            assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                    .as("session thread ends after close")
                    .isTrue();
        }
    }

    /** Wires a server session and a client through in-memory queues; {@code drop} loses server datagrams. */
    private void connect(
            DtlsServerConfig config,
            CertificateFingerprint expectedClient,
            int[] profiles,
            boolean clientSendsCertificate,
            Predicate<byte[]> drop) {
        AtomicReference<DtlsServerSession> server = new AtomicReference<>();
        client = new InMemoryDtlsClient(
                clientCertificate,
                serverCertificate.fingerprint(),
                profiles,
                clientSendsCertificate,
                d -> server.get().feed(d));
        session = DtlsServerSession.start(
                config,
                serverCertificate,
                List.of(expectedClient),
                d -> {
                    serverOut.add(d);
                    if (!drop.test(d)) {
                        client.deliver(d);
                    }
                },
                listener,
                metrics);
        server.set(session);
    }

    private void connect(int[] profiles) {
        connect(DtlsServerConfig.defaults(), clientCertificate.fingerprint(), profiles, true, d -> false);
    }

    private DtlsSrtpKeyExport serverKeys() throws Exception {
        return listener.completed.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private RecordingListener.Failure failure() throws Exception {
        return listener.failed.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void handshakeExportsIdenticalKeyingMaterialOnBothSidesWithChromesPreferredProfile() throws Exception {
        connect(CHROME_PROFILES);
        InMemoryDtlsClient.Result clientResult = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        DtlsSrtpKeyExport server = serverKeys();

        assertThat(server).isEqualTo(clientResult.keys());
        assertThat(server.profile()).isEqualTo(SrtpProtectionProfile.AEAD_AES_256_GCM);
        assertThat(client.selectedProfileId()).isEqualTo(0x0008);
        assertThat(server.exporterOutput())
                .as("two 32-byte keys, two 12-byte salts")
                .hasSize(88);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CONNECTED);
        assertThat(metrics.completed()).isEqualTo(1);
        assertThat(listener.outcomes.get()).isEqualTo(1);
    }

    @Test
    void serverPreferenceWinsOverTheClientsProfileOrder() throws Exception {
        connect(new int[] {0x0001, 0x0007, 0x0008});
        client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(serverKeys().profile()).isEqualTo(SrtpProtectionProfile.AEAD_AES_256_GCM);
    }

    /** Offers without AEAD_AES_256_GCM (the server's first choice), the profile it then picks and its salt length. */
    static Stream<Arguments> offersWithoutTheServersFirstChoice() {
        return Stream.of(
                Arguments.of(new int[] {0x0001, 0x0007}, SrtpProtectionProfile.AEAD_AES_128_GCM, 12),
                Arguments.of(new int[] {0x0001}, SrtpProtectionProfile.AES128_CM_HMAC_SHA1_80, 14));
    }

    @ParameterizedTest
    @MethodSource("offersWithoutTheServersFirstChoice")
    void theServersBestProfileAmongTheOfferedIsNegotiated(int[] offered, SrtpProtectionProfile expected, int saltLength)
            throws Exception {
        connect(offered);
        InMemoryDtlsClient.Result clientResult = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        DtlsSrtpKeyExport keys = serverKeys();
        assertThat(keys.profile()).isEqualTo(expected);
        assertThat(keys.exporterOutput()).as("two 16-byte keys, two salts").hasSize(2 * (16 + saltLength));
        assertThat(keys).isEqualTo(clientResult.keys());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0008, 0x0007, 0x0001})
    void exportedKeysProtectSrtpThatTheClientsOwnExportOpens(int profileId) throws Exception {
        connect(new int[] {profileId});
        InMemoryDtlsClient.Result clientResult = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        DtlsSrtpKeyExport server = serverKeys();
        SrtpProfile profile = SrtpProfile.fromDtlsId(server.profile().id());
        var nodeKeys = io.zonecam.webrtc.srtp.SrtpClientServerKeys.split(profile, server.exporterOutput());
        var browserKeys = io.zonecam.webrtc.srtp.SrtpClientServerKeys.split(
                profile, clientResult.keys().exporterOutput());
        SrtpContext node = SrtpContext.create(nodeKeys.outbound(false));
        SrtpContext browser = SrtpContext.create(browserKeys.inbound(true));

        byte[] rtp = {(byte) 0x80, 102, 0x00, 0x01, 0, 0, 0x03, (byte) 0xE8, 0x12, 0x34, 0x56, 0x78, 0x65, 1, 2, 3};
        byte[] buf = java.util.Arrays.copyOf(rtp, rtp.length + profile.rtpOverhead());
        int protectedLength = node.protectRtp(buf, 0, rtp.length);
        assertThat(protectedLength).isEqualTo(rtp.length + profile.rtpOverhead());
        assertThat(browser.unprotectRtp(buf, 0, protectedLength)).isEqualTo(rtp.length);
        assertThat(java.util.Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);
    }

    @Test
    void noCommonSrtpProfileFailsTheHandshake() throws Exception {
        connect(new int[] {0x0002}); // SRTP_AES128_CM_HMAC_SHA1_32 is not offered by the server
        var clientDone = client.connect();
        assertThat(failure().reason()).isEqualTo(DtlsFailure.NO_COMMON_SRTP_PROFILE);
        assertThatThrownBy(() -> clientDone.get(DEADLINE_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(metrics.failures(DtlsFailure.NO_COMMON_SRTP_PROFILE)).isEqualTo(1);
    }

    @Test
    void clientHelloWithoutUseSrtpFailsTheHandshake() throws Exception {
        connect(null);
        client.connect();
        assertThat(failure().reason()).isEqualTo(DtlsFailure.NO_USE_SRTP);
    }

    @Test
    void clientCertificateNotMatchingTheOfferFingerprintFailsCleanly() throws Exception {
        connect(DtlsServerConfig.defaults(), otherCertificate.fingerprint(), CHROME_PROFILES, true, d -> false);
        var clientDone = client.connect();
        RecordingListener.Failure f = failure();
        assertThat(f.reason()).isEqualTo(DtlsFailure.FINGERPRINT_MISMATCH);
        assertThat(f.detail()).contains(clientCertificate.fingerprint().toSdpValue());
        assertThatThrownBy(() -> clientDone.get(DEADLINE_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.FAILED);
        assertThat(listener.completed).isNotDone();
        assertThat(metrics.failures(DtlsFailure.FINGERPRINT_MISMATCH)).isEqualTo(1);
    }

    @Test
    void clientWithoutCertificateFailsTheHandshake() throws Exception {
        connect(DtlsServerConfig.defaults(), clientCertificate.fingerprint(), CHROME_PROFILES, false, d -> false);
        client.connect();
        assertThat(failure().reason()).isEqualTo(DtlsFailure.CLIENT_CERTIFICATE_MISSING);
    }

    @Test
    void serverRepeatsItsLastFlightWhenTheClientRetransmitsAfterCompletion() throws Exception {
        // Lose the server's ChangeCipherSpec and Finished once: the server has completed, the client has not,
        // so the client retransmits its flight and the connected server must answer it (RFC 6347 §4.2.4).
        int[] dropped = new int[1];
        connect(
                DtlsServerConfig.defaults(),
                clientCertificate.fingerprint(),
                CHROME_PROFILES,
                true,
                d -> dropped[0] < 2 && isLastServerFlight(d) && ++dropped[0] > 0);
        var clientDone = client.connect();
        DtlsSrtpKeyExport server = serverKeys();
        InMemoryDtlsClient.Result clientResult = clientDone.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(dropped[0]).isEqualTo(2);
        assertThat(server).isEqualTo(clientResult.keys());
    }

    private static boolean isLastServerFlight(byte[] d) {
        int type = d[0] & 0xFF;
        int epoch = (d[3] & 0xFF) << 8 | (d[4] & 0xFF);
        return type == 20 || (type == 22 && epoch == 1);
    }

    @Test
    void viewerCloseNotifyIsReported() throws Exception {
        connect(CHROME_PROFILES);
        InMemoryDtlsClient.Result clientResult = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        serverKeys();
        clientResult.transport().close();
        listener.peerClosed.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CLOSED);
        assertThat(metrics.peerClosed()).isEqualTo(1);
    }

    @Test
    void localCloseOfAConnectedSessionSendsCloseNotifyPromptly() throws Exception {
        connect(CHROME_PROFILES);
        InMemoryDtlsClient.Result clientResult = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        serverKeys();
        long started = System.nanoTime();
        session.close();
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CLOSED);
        byte[] buf = new byte[2048];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        try {
            while (!client.closeNotifyReceived() && System.nanoTime() < deadline) {
                clientResult.transport().receive(buf, 0, buf.length, 100);
            }
        } catch (java.io.IOException closedByTheAlert) {
            // BouncyCastle closes the client's transport once it processed close_notify.
        }
        assertThat(client.closeNotifyReceived()).isTrue();
        assertThat(listener.failed).isNotDone();
    }

    @Test
    void closeDuringTheHandshakeReportsClosedPromptly() throws Exception {
        connect(CHROME_PROFILES); // the client never starts
        session.close();
        assertThat(failure().reason()).isEqualTo(DtlsFailure.CLOSED);
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
    }

    @Test
    void garbageDatagramsAreDroppedAndTheHandshakeTimesOutOnItsDeadline() throws Exception {
        DtlsServerConfig config = DtlsServerConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300));
        connect(config, clientCertificate.fingerprint(), CHROME_PROFILES, true, d -> false);
        Random random = new Random(42);
        long started = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + random.nextInt(1500)];
            random.nextBytes(junk);
            session.feed(junk);
        }
        RecordingListener.Failure f = failure();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(f.reason()).isEqualTo(DtlsFailure.HANDSHAKE_TIMEOUT);
        assertThat(elapsedMillis).isLessThan(5_000);
        assertThat(metrics.droppedMalformed()).isGreaterThan(1900);
        assertThat(serverOut).isEmpty();
        assertThat(metrics.failures(DtlsFailure.HANDSHAKE_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void wellFramedRecordWithABogusClientHelloFailsWithAProtocolError() throws Exception {
        connect(CHROME_PROFILES);
        byte[] body = new byte[20]; // a ClientHello body of zeros: version 0.0, no random
        byte[] hs = handshake(1, 0, body);
        session.feed(record(22, 0, 0, hs));
        RecordingListener.Failure f = failure();
        assertThat(f.reason()).isIn(DtlsFailure.PROTOCOL_ERROR);
    }

    @Test
    void handshakeHeaderAnnouncingAHugeMessageIsDroppedBeforeBouncyCastleAllocatesIt() throws Exception {
        connect(CHROME_PROFILES);
        byte[] hs = handshake(1, 0, new byte[100]);
        hs[1] = (byte) 0xFF; // message length 0xFF0064: 16 MiB announced, 100 bytes present
        session.feed(record(22, 0, 0, hs));
        assertThat(metrics.droppedMalformed()).isEqualTo(1);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.HANDSHAKING);
    }

    @Test
    void replayedClientHelloFloodIsDiscardedByTheReplayWindowAndTimesOut() throws Exception {
        byte[] clientHello = captureClientHello();
        DtlsServerConfig config = DtlsServerConfig.defaults()
                .withHandshakeTimeout(Duration.ofMillis(500))
                .withLimits(40, 16);
        connect(config, clientCertificate.fingerprint(), CHROME_PROFILES, true, d -> true);
        for (int i = 0; i < 20_000; i++) {
            session.feed(clientHello); // the same record sequence number every time
        }
        assertThat(failure().reason()).isEqualTo(DtlsFailure.HANDSHAKE_TIMEOUT);
        // The first flight (5 records), at most one timer-driven repeat of it, and the closing alert: the 20,000
        // replays themselves triggered nothing.
        assertThat(serverOut).hasSizeLessThanOrEqualTo(11);
        assertThat(session.inboundHighWatermark()).isLessThanOrEqualTo(16);
        assertThat(metrics.datagramsIn()).isEqualTo(20_000);
    }

    @Test
    void clientHelloFloodWithFreshSequenceNumbersEndsOnTheDatagramBudget() throws Exception {
        byte[] clientHello = captureClientHello();
        DtlsServerConfig config = DtlsServerConfig.defaults().withLimits(40, 16);
        connect(config, clientCertificate.fingerprint(), CHROME_PROFILES, true, d -> true);
        for (int i = 0; i < 20_000; i++) {
            // Each copy looks like a retransmission, which makes BouncyCastle repeat its whole flight.
            session.feed(withRecordSequence(clientHello, i));
        }
        RecordingListener.Failure f = failure();
        assertThat(f.reason()).isEqualTo(DtlsFailure.RETRANSMIT_LIMIT);
        assertThat(serverOut).hasSizeLessThanOrEqualTo(40);
        assertThat(session.inboundHighWatermark()).isLessThanOrEqualTo(16);
        assertThat(metrics.droppedQueueFull() + metrics.droppedAfterEnd()).isGreaterThan(0);
        assertThat(metrics.datagramsIn()).isEqualTo(20_000);
    }

    @Test
    void clientHelloFloodAfterCompletionDoesNotMakeTheServerTalk() throws Exception {
        byte[] clientHello = captureClientHello();
        connect(CHROME_PROFILES);
        client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        serverKeys();
        int before = serverOut.size();
        for (int i = 0; i < 20_000; i++) {
            session.feed(withRecordSequence(clientHello, 1_000 + i));
        }
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CONNECTED);
        session.close();
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
        assertThat(serverOut.size() - before)
                .as("close_notify at most, no flights")
                .isLessThanOrEqualTo(1);
        assertThat(session.inboundHighWatermark())
                .isLessThanOrEqualTo(DtlsServerConfig.defaults().inboundQueueCapacity());
    }

    private static byte[] withRecordSequence(byte[] datagram, long seq) {
        byte[] copy = datagram.clone();
        for (int i = 0; i < 6; i++) {
            copy[5 + i] = (byte) (seq >> (8 * (5 - i)));
        }
        return copy;
    }

    @Test
    void datagramsAfterTheSessionEndedAreCountedNotQueued() throws Exception {
        connect(CHROME_PROFILES);
        session.close();
        failure();
        assertThat(session.awaitTermination(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS)))
                .isTrue();
        session.feed(record(22, 0, 0, handshake(1, 0, new byte[10])));
        assertThat(metrics.droppedAfterEnd()).isEqualTo(1);
    }

    /** The first datagram a real BouncyCastle client sends: its ClientHello with use_srtp. */
    private static byte[] captureClientHello() throws Exception {
        AtomicReference<byte[]> first = new AtomicReference<>();
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        try (InMemoryDtlsClient c =
                new InMemoryDtlsClient(clientCertificate, serverCertificate.fingerprint(), CHROME_PROFILES, true, d -> {
                    if (first.compareAndSet(null, d)) {
                        sent.countDown();
                    }
                })) {
            c.connect();
            assertThat(sent.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.get()[0]).isEqualTo((byte) 22);
        return first.get();
    }

    static byte[] handshake(int type, int messageSeq, byte[] body) {
        byte[] m = new byte[12 + body.length];
        m[0] = (byte) type;
        putUint24(m, 1, body.length);
        m[4] = (byte) (messageSeq >> 8);
        m[5] = (byte) messageSeq;
        putUint24(m, 6, 0);
        putUint24(m, 9, body.length);
        System.arraycopy(body, 0, m, 12, body.length);
        return m;
    }

    static byte[] record(int type, int epoch, long seq, byte[] fragment) {
        byte[] r = new byte[13 + fragment.length];
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            r[5 + i] = (byte) (seq >> (8 * (5 - i)));
        }
        r[11] = (byte) (fragment.length >> 8);
        r[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 13, fragment.length);
        return r;
    }

    private static void putUint24(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 16);
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) v;
    }
}
