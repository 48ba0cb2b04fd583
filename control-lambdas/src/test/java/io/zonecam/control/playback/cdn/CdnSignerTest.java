package io.zonecam.control.playback.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed CDN queries are checked the way CloudFront checks them, without the SDK: the policy's SHA1withRSA signature
 * against the public key (java.security), its resource as a CloudFront wildcard and its expiry.
 */
class CdnSignerTest {
    static final String CDN = "d111111abcdef8.cloudfront.net";
    static final String CAMERA = "6f1c7a52-8f0e-4a59-9a33-0f1d2e3c4b5a";
    static final String OTHER = "0b7d3c11-2f6e-4c1a-8e7b-5a4f3e2d1c0b";
    static final Instant FROM = Instant.parse("2026-12-06T05:10:00Z");
    static final Instant TO = Instant.parse("2026-12-06T07:40:00Z");
    static final Instant EXPIRES = Instant.parse("2026-12-06T08:00:00Z");

    static KeyPair keys;
    static CdnSigner signer;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        keys = gen.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        signer = new CdnSigner(Optional.of(new CdnSigner.Settings(CDN, "K2JCJMDEHXQW5F", CdnSigner.privateKey(pem))));
    }

    @Test
    void theSignatureVerifiesAgainstThePublicKeyAndThePolicyNamesTheCameraTheDayAndTheTokenExpiry() throws Exception {
        Map<String, String> q =
                query(signer.objectsQuery(CAMERA, FROM, TO, EXPIRES).orElseThrow());
        assertThat(q)
                .containsOnlyKeys("Policy", "Signature", "Key-Pair-Id")
                .containsEntry("Key-Pair-Id", "K2JCJMDEHXQW5F");
        byte[] policy = cloudFrontBase64(q.get("Policy"));
        Signature rsa = Signature.getInstance("SHA1withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update(policy);
        assertThat(rsa.verify(cloudFrontBase64(q.get("Signature")))).isTrue();

        JsonNode statement = new ObjectMapper().readTree(policy).get("Statement");
        assertThat(statement).hasSize(1);
        assertThat(statement.get(0).get("Resource").asText())
                .isEqualTo("https://" + CDN + "/zones/*/" + CAMERA + "/2026/12/06/*");
        assertThat(statement.get(0).at("/Condition/DateLessThan/AWS:EpochTime").asLong())
                .isEqualTo(EXPIRES.getEpochSecond());

        // A policy signed for one thing and altered for another no longer verifies.
        byte[] widened = new String(policy, StandardCharsets.UTF_8)
                .replace(CAMERA, OTHER)
                .getBytes(StandardCharsets.UTF_8);
        rsa.initVerify(keys.getPublic());
        rsa.update(widened);
        assertThat(rsa.verify(cloudFrontBase64(q.get("Signature")))).isFalse();
    }

    @Test
    void aSignatureForOneCameraAndRangeOpensNoOtherCameraOrDay() throws Exception {
        Pattern resource =
                resource(signer.objectsQuery(CAMERA, FROM, TO, EXPIRES).orElseThrow());
        String object = "/2026/12/06/05/1796533800000-1796533804000-ab12cd34.mp4";
        assertThat(List.of(
                        "https://" + CDN + "/zones/euw1-a/r30/" + CAMERA + object,
                        "https://" + CDN + "/zones/euw1-b/r7/" + CAMERA + "/2026/12/06/23/x.mp4"))
                .as("the camera's objects of that day, in any zone and retention class")
                .allMatch(url -> resource.matcher(url).matches());
        assertThat(List.of(
                        "https://" + CDN + "/zones/euw1-a/r30/" + OTHER + object,
                        "https://" + CDN + "/zones/euw1-a/r30/" + CAMERA + "/2026/12/07/05/x.mp4",
                        "https://evil.example/zones/euw1-a/r30/" + CAMERA + object))
                .as("another camera, another day, another host")
                .noneMatch(url -> resource.matcher(url).matches());
        // A range inside one hour narrows to that hour; one across months to the year.
        assertThat(resource(signer.objectsQuery(
                                        CAMERA,
                                        Instant.parse("2026-12-06T05:10:00Z"),
                                        Instant.parse("2026-12-06T05:20:00Z"),
                                        EXPIRES)
                                .orElseThrow())
                        .pattern())
                .contains("/2026/12/06/05/");
        Pattern acrossMonths = resource(signer.objectsQuery(
                        CAMERA, Instant.parse("2026-11-30T23:00:00Z"), Instant.parse("2026-12-01T01:00:00Z"), EXPIRES)
                .orElseThrow());
        assertThat(acrossMonths
                        .matcher("https://" + CDN + "/zones/z/r7/" + CAMERA + "/2026/11/30/23/x.mp4")
                        .matches())
                .isTrue();
        assertThat(acrossMonths
                        .matcher("https://" + CDN + "/zones/z/r7/" + CAMERA + "/2027/01/01/00/x.mp4")
                        .matches())
                .isFalse();
    }

    @Test
    void withoutACdnThereIsNothingToSignAndABadKeyIsRefusedWithoutEchoingIt() {
        assertThat(new CdnSigner(Optional.empty()).objectsQuery(CAMERA, FROM, TO, EXPIRES))
                .isEmpty();
        assertThatThrownBy(() -> CdnSigner.privateKey(
                        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PKCS#8")
                .hasMessageNotContaining("c2VjcmV0");
    }

    /** CloudFront's resource wildcards as a regex: {@code *} any characters, {@code ?} one. */
    private static Pattern resource(String query) throws Exception {
        JsonNode statement =
                new ObjectMapper().readTree(cloudFrontBase64(query(query).get("Policy")));
        String glob = statement.at("/Statement/0/Resource").asText();
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
            regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] cloudFrontBase64(String s) {
        return Base64.getDecoder().decode(s.replace('-', '+').replace('_', '=').replace('~', '/'));
    }
}
