package io.zonecam.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.sim.testing.TestBus;
import io.zonecam.testing.Await;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A simulated camera's certificate: its CSR names it and is signed by its own key, the certificate the CA returns is
 * renewed by the same call before it expires, and once the first one has expired the camera still joins the bus with
 * the renewed one (a real Mosquitto refuses expired certificates).
 */
class DeviceCertificatesTest {

    @Test
    void shouldAskForItsOwnIdentityWithItsOwnKey() throws Exception {
        try (TestBus bus = TestBus.start()) {
            DeviceIdentity identity = new DeviceIdentity("cam-csr", bus.trust());
            String pem = identity.csr();
            assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(
                    java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
            assertThat(csr.getSubject().toString()).isEqualTo("CN=cam-csr");
            assertThat(csr.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getPublicKey())))
                    .isTrue();

            // A certificate for some other key is not installed.
            String foreign =
                    Files.readString(bus.ca.issueClient("other", "/CN=cam-csr").certificate());
            assertThatThrownBy(() -> identity.install(foreign, Files.readString(bus.ca.certificate())))
                    .isInstanceOf(CertificateException.class)
                    .hasMessageContaining("another key");
        }
    }

    @Test
    void shouldRenewBeforeExpiryAndJoinWithTheRenewedCertificate() throws Exception {
        Duration life = Duration.ofSeconds(8);
        try (TestBus bus = TestBus.start();
                DeviceCertificates certificates = new DeviceCertificates(bus.trust(), 1)) {
            DeviceIdentity identity =
                    certificates.obtain("cam-renew", bus.issuer(life)).get(30, TimeUnit.SECONDS);
            Instant first = identity.notAfter();
            assertThat(certificates.issued()).isEqualTo(1);
            // Renewal at about two thirds of the life: well before the first certificate ends.
            Await.until("a renewal", Duration.ofSeconds(15), () -> certificates.renewed() >= 1);
            assertThat(Instant.now()).isBefore(first);
            assertThat(identity.notAfter()).isAfter(first);

            Await.until(
                    "the first certificate expired",
                    Duration.ofSeconds(15),
                    () -> Instant.now().isAfter(first.plusSeconds(1)));
            MqttClient c = new MqttClient(bus.uri(), "cam-renew", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(identity.socketFactory());
            o.setConnectionTimeout(10);
            c.connect(o); // would be refused with the expired first certificate
            c.disconnect();
            c.close();
            assertThat(certificates.failures()).isZero();
            assertThat(certificates.meanKeyCpuMicros()).isPositive();
        }
    }
}
