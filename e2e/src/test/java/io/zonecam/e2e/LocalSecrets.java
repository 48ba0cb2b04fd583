package io.zonecam.e2e;

import io.zonecam.testing.mqtt.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/** LocalSecrets are the control plane's keys for one test run, made fresh as scripts/lib.sh makes them for run-local. */
final class LocalSecrets {

    private LocalSecrets() {}

    /** The platform CA of a run: the control plane signs with it, the test's broker trusts it. */
    record PlatformCa(String certificatePem, String privateKeyPem) {
        /** The control plane's settings: base64 DER, as scripts/lib.sh writes them to .zonecam/secrets.env. */
        Map<String, String> env() {
            return Map.of(
                    "ZONECAM_CA_PRIVATE_KEY", der(privateKeyPem),
                    "ZONECAM_CA_CERTIFICATE", der(certificatePem));
        }

        private static String der(String pem) {
            return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        }
    }

    /**
     * A new platform CA made in {@code dir} by openssl as {@code ensure_local_secrets} in scripts/lib.sh makes the
     * local one: an EC P-256 key (PKCS#8) and its self-signed CA certificate (CA:TRUE, keyCertSign and cRLSign).
     */
    static PlatformCa platformCa(Path dir) throws Exception {
        TestCa ca = TestCa.generate(dir, "Zonecam e2e platform CA");
        return new PlatformCa(Files.readString(ca.certificate()), Files.readString(ca.privateKey()));
    }

    /** Environment variables: token-signing key (Ed25519), pepper, webhook secret key, development issuer
     * key and its public key. */
    static Map<String, String> generate() throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair users = ec.generateKeyPair();
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        byte[] webhookKey = new byte[32];
        new SecureRandom().nextBytes(webhookKey);
        return Map.of(
                "ZONECAM_TOKENS_SIGNING_KEY",
                        b64.encodeToString(signing.getPrivate().getEncoded()),
                "ZONECAM_SECRETS_PEPPER", b64.encodeToString(pepper),
                "ZONECAM_WEBHOOKS_SECRET_KEY", b64.encodeToString(webhookKey),
                "ZONECAM_DEV_ISSUER_PRIVATE_KEY",
                        b64.encodeToString(users.getPrivate().getEncoded()),
                "MP_JWT_VERIFY_PUBLICKEY", b64.encodeToString(users.getPublic().getEncoded()));
    }
}
