package io.zonecam.contracts.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.testing.mqtt.PemFiles;
import io.zonecam.testing.mqtt.TestCa;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentityKeyManagerTest {

    @TempDir
    static Path dir;

    static PrivateKey firstKey;
    static X509Certificate[] firstChain;
    static PrivateKey secondKey;
    static X509Certificate[] secondChain;

    @BeforeAll
    static void issue() throws Exception {
        TestCa ca = TestCa.generate(dir, "ca");
        X509Certificate caCert = PemFiles.certificate(ca.certificate());
        TestCa.Issued first = ca.issueClient("first", "/CN=node-a");
        TestCa.Issued second = ca.issueClient("second", "/CN=node-a");
        firstKey = PemFiles.privateKey(first.key());
        firstChain = new X509Certificate[] {PemFiles.certificate(first.certificate()), caCert};
        secondKey = PemFiles.privateKey(second.key());
        secondChain = new X509Certificate[] {PemFiles.certificate(second.certificate()), caCert};
    }

    @Test
    void presentsNothingBeforeTheFirstCertificate() {
        ClientIdentityKeyManager keys = new ClientIdentityKeyManager("node");
        assertThat(keys.current()).isNull();
        assertThat(keys.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(keys.getClientAliases("EC", null)).isNull();
        assertThat(keys.getPrivateKey("node-1")).isNull();
    }

    @Test
    void aHandshakeThatChoseItsAliasBeforeARenewalGetsTheMatchingKeyAndChain() {
        ClientIdentityKeyManager keys = new ClientIdentityKeyManager("node");
        keys.present(firstKey, firstChain);
        String chosen = keys.chooseEngineClientAlias(new String[] {"EC"}, null, null);

        keys.present(secondKey, secondChain);

        assertThat(keys.getPrivateKey(chosen)).isEqualTo(firstKey);
        assertThat(keys.getCertificateChain(chosen)).containsExactly(firstChain);
        String next = keys.chooseClientAlias(new String[] {"RSA"}, null, null);
        assertThat(next).isNotEqualTo(chosen);
        assertThat(keys.getPrivateKey(next)).isEqualTo(secondKey);
        assertThat(keys.current().certificate()).isEqualTo(secondChain[0]);
    }

    @Test
    void forgetsIdentitiesOlderThanThePreviousOne() {
        ClientIdentityKeyManager keys = new ClientIdentityKeyManager("device");
        keys.present(firstKey, firstChain);
        String oldest = keys.chooseClientAlias(null, null, null);
        keys.present(secondKey, secondChain);
        keys.present(firstKey, firstChain);

        assertThat(keys.getPrivateKey(oldest)).isNull();
        assertThat(keys.getCertificateChain(oldest)).isNull();
    }

    @Test
    void neverServesAndRefusesAnEmptyChain() {
        ClientIdentityKeyManager keys = new ClientIdentityKeyManager("node");
        keys.present(firstKey, firstChain);
        assertThat(keys.chooseServerAlias("EC", null, null)).isNull();
        assertThat(keys.getServerAliases("EC", null)).isNull();
        assertThatThrownBy(() -> keys.present(firstKey, new X509Certificate[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
