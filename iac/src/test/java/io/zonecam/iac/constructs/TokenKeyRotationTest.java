package io.zonecam.iac.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.contracts.token.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the token-key rotation function on the machine's Node.js (the one CDK itself uses) against an in-memory
 * Secrets Manager, and checks its keys with the contracts module that the control plane and nodes use.
 */
class TokenKeyRotationTest {

    @Test
    void rotationWritesKeysTheContractsModuleReadsPublishesTheNextKeyAndKeepsTwoPrevious(@TempDir Path dir)
            throws Exception {
        Path fn = dir.resolve("index.js");
        Files.writeString(fn, TokenSigningKey.source());
        Path fake = dir.resolve("node_modules/@aws-sdk/client-secrets-manager/index.js");
        Files.createDirectories(fake.getParent());
        copy("/rotation/fake-secrets-manager.js", fake);
        Path driver = dir.resolve("drive.js");
        copy("/rotation/drive-rotation.js", driver);

        Process p = new ProcessBuilder("node", driver.toString(), fn.toString())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode rotations = new ObjectMapper().readTree(out);
        assertThat(rotations).hasSize(4);

        for (int i = 0; i < rotations.size(); i++) {
            JsonNode s = rotations.get(i);
            assertThat(s.path("alg").asText()).isEqualTo("EdDSA");
            checkKey(s);
            checkKey(s.path("next"));
            if (i > 0) {
                JsonNode before = rotations.get(i - 1);
                // The key that signs now was already published as "next" by the previous rotation.
                assertThat(s.path("kid").asText())
                        .isEqualTo(before.path("next").path("kid").asText());
                assertThat(s.path("previous").get(0).path("kid").asText())
                        .isEqualTo(before.path("kid").asText());
                assertThat(s.path("previous").get(0).path("publicKey").asText())
                        .isEqualTo(before.path("publicKey").asText());
            }
            assertThat(s.path("previous").size()).isEqualTo(Math.min(i, 2));
        }
    }

    private static void checkKey(JsonNode key) throws Exception {
        PrivateKey priv = Ed25519Keys.privateKeyFromPkcs8(key.path("privateKey").asText());
        PublicKey pub = Ed25519Keys.publicKeyOf(priv);
        assertThat(key.path("kid").asText()).isEqualTo(Ed25519Keys.keyId(pub));
        assertThat(Base64.getUrlDecoder().decode(key.path("publicKey").asText()))
                .isEqualTo(Ed25519Keys.rawPublicKey(pub));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(priv);
        signer.update("zonecam".getBytes(StandardCharsets.UTF_8));
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(Ed25519Keys.publicKeyFromRaw(
                Base64.getUrlDecoder().decode(key.path("publicKey").asText())));
        verifier.update("zonecam".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(sig)).isTrue();
    }

    private static void copy(String resource, Path to) throws Exception {
        try (var in = TokenKeyRotationTest.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
    }
}
