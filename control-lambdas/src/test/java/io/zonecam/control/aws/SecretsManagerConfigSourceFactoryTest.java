package io.zonecam.control.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsManagerConfigSourceFactoryTest {

    @Test
    void shouldMapTheRotatedSigningKeyDatabaseLoginAndPepper() {
        Map<String, String> secrets = Map.of(
                "arn:db", "{\"username\":\"zonecam_app\",\"password\":\"p@ss\",\"engine\":\"postgres\"}",
                "arn:key",
                        "{\"alg\":\"EdDSA\",\"kid\":\"k2\",\"privateKey\":\"MC4CAQ\",\"publicKey\":\"cur\","
                                + "\"next\":{\"kid\":\"k3\",\"privateKey\":\"x\",\"publicKey\":\"nxt\"},"
                                + "\"previous\":[{\"kid\":\"k1\",\"publicKey\":\"old\"}]}",
                "arn:pepper", "c2VjcmV0\n");
        Map<String, String> props = SecretsManagerConfigSourceFactory.toProperties(
                Map.of(
                        SecretsManagerConfigSourceFactory.DB, "arn:db",
                        SecretsManagerConfigSourceFactory.SIGNING_KEY, "arn:key",
                        SecretsManagerConfigSourceFactory.PEPPER, "arn:pepper"),
                secrets::get);
        assertThat(props)
                .containsEntry("quarkus.datasource.username", "zonecam_app")
                .containsEntry("quarkus.datasource.password", "p@ss")
                .containsEntry("zonecam.tokens.signing-key", "MC4CAQ")
                .containsEntry("zonecam.tokens.previous-public-keys", "nxt,old")
                .containsEntry("zonecam.secrets.pepper", "c2VjcmV0");
    }

    @Test
    void shouldMapTheCdnSigningKeyPem() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
        assertThat(SecretsManagerConfigSourceFactory.toProperties(
                        Map.of(SecretsManagerConfigSourceFactory.CDN_KEY, "arn:cdn"), arn -> pem + "\n"))
                .containsExactly(Map.entry("zonecam.playback.cdn.signing-key", pem));
    }

    @Test
    void shouldRefuseTheRotationPlaceholderWithAClearMessage() {
        assertThatThrownBy(() -> SecretsManagerConfigSourceFactory.toProperties(
                        Map.of(SecretsManagerConfigSourceFactory.SIGNING_KEY, "arn:key"), arn -> "{\"pending\":true}"))
                .hasMessageContaining("has no 'privateKey'");
    }

    @Test
    void shouldMapThePlatformCaKeyAndCertificate() {
        Map<String, String> props = SecretsManagerConfigSourceFactory.toProperties(
                Map.of(SecretsManagerConfigSourceFactory.CA, "arn:ca"),
                arn -> "{\"privateKey\":\"MIGHAgEA\",\"certificate\":\"MIIBxz\"}");
        assertThat(props)
                .containsEntry("zonecam.ca.private-key", "MIGHAgEA")
                .containsEntry("zonecam.ca.certificate", "MIIBxz");
        assertThatThrownBy(() -> SecretsManagerConfigSourceFactory.toProperties(
                        Map.of(SecretsManagerConfigSourceFactory.CA, "arn:ca"), arn -> "{\"privateKey\":\"k\"}"))
                .hasMessageContaining("has no 'certificate'");
    }
}
