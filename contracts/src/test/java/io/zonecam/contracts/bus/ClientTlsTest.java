package io.zonecam.contracts.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.testing.Await;
import io.zonecam.testing.mqtt.PemFiles;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClientTls's contexts against a real Mosquitto with the shipped device-bus configuration ({@link TlsMosquitto}):
 * its CA's clients connect, and a foreign CA's and a revoked certificate, presented all the same, are refused by the
 * broker.
 */
class ClientTlsTest {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptItsCasClientsAndRefuseForeignAndRevokedOnes() throws Exception {
        TestCa ca = TestCa.generate(dir.resolve("ca"), "Test platform CA");
        TestCa foreign = TestCa.generate(dir.resolve("foreign"), "Someone else's CA");
        TestCa.Issued node = ca.issueClient("node", "/O=zonecam-nodes/OU=zone-a/CN=node.zone-a");
        TestCa.Issued revoked = ca.issueClient("revoked", "/CN=00000000-0000-0000-0000-000000000001");
        TestCa.Issued stranger = foreign.issueClient("stranger", "/O=zonecam-nodes/OU=zone-a/CN=node.zone-a");

        try (TlsMosquitto broker = TlsMosquitto.start(dir.resolve("broker"), ca, "zone-a")) {
            assertThat(connack(broker, client(node, broker.caFile()), "node.zone-a-1"))
                    .isZero();
            assertThat(connack(broker, client(revoked, broker.caFile()), "r1")).isZero();
            assertThatThrownBy(() -> connack(broker, client(stranger, broker.caFile()), "s1"))
                    .isInstanceOf(IOException.class);

            ca.revoke(revoked);
            broker.crl(ca.crl());

            assertThatThrownBy(() -> connack(broker, client(revoked, broker.caFile()), "r2"))
                    .isInstanceOf(IOException.class);
            assertThat(connack(broker, client(node, broker.caFile()), "node.zone-a-2"))
                    .isZero();
            Await.until("the broker logs the refusals", Duration.ofSeconds(10), () -> {
                try {
                    return broker.log().contains("certificate verify failed");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** A context presenting {@code issued}'s certificate and trusting the broker's CA. */
    private static SSLContext client(TestCa.Issued issued, Path caFile) throws IOException, GeneralSecurityException {
        return ClientTls.context(
                PemFiles.privateKey(issued.key()),
                new X509Certificate[] {PemFiles.certificate(issued.certificate())},
                PemFiles.certificate(caFile));
    }

    /** Sends an MQTT 3.1.1 CONNECT and returns the CONNACK's return code (0 = accepted). */
    private static int connack(TlsMosquitto broker, SSLContext tls, String clientId) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(broker.host(), broker.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60}); // protocol, level 4, clean, keep-alive
            body.write(new byte[] {(byte) (id.length >> 8), (byte) id.length});
            body.write(id);
            OutputStream out = socket.getOutputStream();
            out.write(0x10); // CONNECT
            out.write(body.size()); // < 128: one length byte
            body.writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] ack = new byte[4];
            in.readFully(ack); // 0x20, 2, flags, return code
            assertThat(ack[0]).isEqualTo((byte) 0x20);
            return ack[3];
        }
    }
}
