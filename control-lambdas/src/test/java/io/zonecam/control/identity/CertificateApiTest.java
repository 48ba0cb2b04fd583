package io.zonecam.control.identity;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CertificateApiTest drives the platform CA through the API against PostgreSQL, and judges what it issues with an
 * independent tool: openssl verifies the chain and reads subject, key usage, extended key usage and lifetime; the CRL
 * is checked by {@code openssl verify -crl_check}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class CertificateApiTest extends ApiTest {

    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy z", Locale.ROOT);

    @TempDir
    Path dir;

    record TestCamera(String id, String secret, String organizationId, String zone, Fixtures.Org org) {
        RequestSpecification asDevice() {
            return given().auth().preemptive().basic(id, secret).contentType(ContentType.JSON);
        }
    }

    private static TestCamera camera() {
        Fixtures.Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 10);
        JsonPath reg = Fixtures.camera(org);
        return new TestCamera(
                reg.getString("camera.id"),
                reg.getString("credentials.deviceSecret"),
                org.id(),
                reg.getString("assignment.zone"),
                org);
    }

    private static JsonPath issue(TestCamera camera, String csr) {
        return ok(camera.asDevice().body(Map.of("csr", csr)).post("/v1/certificates/camera"));
    }

    @Test
    void shouldIssueACameraCertificateThatOpensslVerifies() throws Exception {
        TestCamera camera = camera();
        String zone = camera.zone();
        assertThat(zone).isNotNull();
        JsonPath issued = issue(camera, Csrs.pem("CN=" + camera.id(), Csrs.p256()));

        Path ca = Csrs.write(dir, "ca.pem", issued.getString("caCertificate"));
        Path cert = Csrs.write(dir, "cert.pem", issued.getString("certificate"));
        Csrs.Result verify = Csrs.openssl("verify", "-CAfile", ca.toString(), cert.toString());
        assertThat(verify.output()).contains(cert + ": OK");
        assertThat(verify.exit()).isZero();

        String text =
                Csrs.openssl("x509", "-text", "-noout", "-in", cert.toString()).output();
        assertThat(text)
                .contains("Subject: O = " + camera.organizationId() + ", OU = " + zone + ", CN = " + camera.id())
                .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature\\s*\\n")
                .containsPattern("X509v3 Extended Key Usage:\\s+TLS Web Client Authentication\\s*\\n")
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE")
                .contains("ASN1 OID: prime256v1")
                .contains("Signature Algorithm: ecdsa-with-SHA256");
        // Seven days (the default), started five minutes back for clock skew.
        assertThat(Duration.between(time(text, "Not Before"), time(text, "Not After")))
                .isEqualTo(Duration.ofDays(7).plusMinutes(5));
        assertThat(serialOf(text)).isEqualTo(issued.getString("serial"));
        assertThat(issued.getString("serial")).hasSize(32);
        String fingerprint = Csrs.openssl("x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString())
                .output();
        assertThat(fingerprint
                        .substring(fingerprint.indexOf('=') + 1)
                        .replace(":", "")
                        .trim()
                        .toLowerCase(Locale.ROOT))
                .isEqualTo(issued.getString("certificateId"));

        // Renewal: the same call with a fresh key; owners see both, newest first.
        JsonPath renewed = issue(camera, Csrs.pem("CN=" + camera.id(), Csrs.p256()));
        assertThat(renewed.getString("serial")).isNotEqualTo(issued.getString("serial"));
        List<String> serials = ok(Fixtures.withKey(camera.org().ownerKey())
                        .queryParam("cameraId", camera.id())
                        .get("/v1/certificates"))
                .get("serial");
        assertThat(serials).containsExactlyInAnyOrder(issued.getString("serial"), renewed.getString("serial"));
    }

    @Test
    void shouldAcceptRsa2048AndRefuseEveryBadCsrSayingWhy() {
        TestCamera camera = camera();
        String cn = "CN=" + camera.id();
        issue(camera, Csrs.pem(cn, Csrs.rsa(2048)));

        Map<String, String> before = refusedCounts();
        refused(camera, Csrs.pem("CN=" + java.util.UUID.randomUUID(), Csrs.p256()), 403, "csr-wrong-subject")
                .body("detail", containsString("may only ask for '" + camera.id() + "'"));
        refused(camera, Csrs.pem("O=Acme", Csrs.p256()), 403, "csr-wrong-subject");
        refused(camera, Csrs.pem(cn, Csrs.rsa(1024)), 400, "csr-weak-key").body("detail", containsString("1024 bits"));
        refused(camera, Csrs.pem(cn, Csrs.ec("secp384r1")), 400, "csr-weak-key")
                .body("detail", containsString("only P-256"));
        refused(camera, Csrs.pem(cn, Csrs.ec("secp521r1")), 400, "csr-weak-key");
        refused(camera, Csrs.tampered(cn, Csrs.p256()), 400, "csr-bad-signature")
                .body("errors[0].field", equalTo("csr"));
        refused(
                camera,
                "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n",
                400,
                "csr-unreadable");
        refused(camera, "hello", 400, "csr-unreadable");
        refused(camera, Csrs.pem(cn, Csrs.p256()) + Csrs.pem(cn, Csrs.p256()), 400, "csr-unreadable");
        refused(camera, "A".repeat(CsrPolicy.MAX_PEM_CHARS + 1), 400, "csr-too-large");

        Map<String, String> after = refusedCounts();
        assertThat(delta(before, after, "csr-wrong-subject")).isEqualTo(2);
        assertThat(delta(before, after, "csr-weak-key")).isEqualTo(3);
        assertThat(delta(before, after, "csr-bad-signature")).isEqualTo(1);
        assertThat(delta(before, after, "csr-unreadable")).isEqualTo(3);
        assertThat(delta(before, after, "csr-too-large")).isEqualTo(1);
    }

    private static io.restassured.response.ValidatableResponse refused(
            TestCamera camera, String csr, int status, String slug) {
        return camera.asDevice()
                .body(Map.of("csr", csr))
                .post("/v1/certificates/camera")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://zonecam.io/problems/" + slug));
    }

    @Test
    void shouldRevokeOnDeregistrationRefuseRenewalAndListTheSerialInTheCrl() {
        TestCamera camera = camera();
        JsonPath issued = issue(camera, Csrs.pem("CN=" + camera.id(), Csrs.p256()));
        Path ca = Csrs.write(dir, "ca.pem", issued.getString("caCertificate"));
        Path cert = Csrs.write(dir, "cert.pem", issued.getString("certificate"));

        Fixtures.withKey(camera.org().ownerKey())
                .delete("/v1/cameras/" + camera.id())
                .then()
                .statusCode(204);
        Map<String, String> before = refusedCounts();
        camera.asDevice()
                .body(Map.of("csr", Csrs.pem("CN=" + camera.id(), Csrs.p256())))
                .post("/v1/certificates/camera")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("deregistered"));
        assertThat(delta(before, refusedCounts(), "credentials")).isEqualTo(1);

        String crl = Fixtures.asOperator()
                .get("/v1/certificates/crl")
                .then()
                .statusCode(200)
                .contentType("application/x-pem-file")
                .extract()
                .asString();
        Path crlFile = Csrs.write(dir, "crl.pem", crl);
        String crlText = Csrs.openssl("crl", "-text", "-noout", "-in", crlFile.toString())
                .output();
        assertThat(crlText).containsIgnoringCase("Serial Number: " + issued.getString("serial"));
        Csrs.Result checked = Csrs.openssl(
                "verify", "-crl_check", "-CAfile", ca.toString(), "-CRLfile", crlFile.toString(), cert.toString());
        assertThat(checked.output()).contains("certificate revoked");
        assertThat(checked.exit()).isNotZero();
    }

    @Test
    void shouldIssueNodesTheirZoneIdentityAndRevokeItWithTheZone() {
        Fixtures.TestZone zone = Fixtures.zone("eu-west-1", 100);
        String node = Fixtures.node(zone, "n-" + Fixtures.unique(), 10);
        JsonPath issued = ok(Fixtures.asNode(zone.nodeKey())
                .body(Map.of("csr", Csrs.pem("CN=node." + zone.id(), Csrs.p256())))
                .post("/v1/certificates/node/" + node));
        Path ca = Csrs.write(dir, "ca.pem", issued.getString("caCertificate"));
        Path cert = Csrs.write(dir, "node.pem", issued.getString("certificate"));
        assertThat(Csrs.openssl("verify", "-CAfile", ca.toString(), cert.toString())
                        .exit())
                .isZero();
        assertThat(Csrs.openssl("x509", "-text", "-noout", "-in", cert.toString())
                        .output())
                .contains("Subject: O = zonecam-nodes, OU = " + zone.id() + ", serialNumber = " + node + ", CN = node."
                        + zone.id())
                .containsPattern("TLS Web Client Authentication");

        // Another zone's node, a node CSR naming another zone, no node at all.
        Fixtures.TestZone other = Fixtures.zone("eu-west-1", 100);
        Fixtures.asNode(other.nodeKey())
                .body(Map.of("csr", Csrs.pem("CN=node." + other.id(), Csrs.p256())))
                .post("/v1/certificates/node/" + node)
                .then()
                .statusCode(404);
        Fixtures.asNode(zone.nodeKey())
                .body(Map.of("csr", Csrs.pem("CN=node." + other.id(), Csrs.p256())))
                .post("/v1/certificates/node/" + node)
                .then()
                .statusCode(403)
                .body("type", equalTo("https://zonecam.io/problems/csr-wrong-subject"));

        // Removing the zone (its nodes gone) revokes the node's certificate.
        TestEnvironment.sql("update nodes set state = 'drained' where id = '" + node + "'");
        Fixtures.asOperator().delete("/v1/zones/" + zone.id()).then().statusCode(204);
        String crl = Fixtures.asOperator()
                .get("/v1/certificates/crl")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String crlText = Csrs.openssl(
                        "crl",
                        "-text",
                        "-noout",
                        "-in",
                        Csrs.write(dir, "crl.pem", crl).toString())
                .output();
        assertThat(crlText).containsIgnoringCase("Serial Number: " + issued.getString("serial"));
    }

    @Test
    void shouldKeepCamerasAndNodesToTheirOwnCallsAndTenantsApart() {
        TestCamera camera = camera();
        Fixtures.TestZone zone = Fixtures.zone("eu-west-1", 100);
        String node = Fixtures.node(zone, "n-" + Fixtures.unique(), 10);
        Map<String, String> before = refusedCounts();

        camera.asDevice()
                .body(Map.of("csr", Csrs.pem("CN=node." + zone.id(), Csrs.p256())))
                .post("/v1/certificates/node/" + node)
                .then()
                .statusCode(403)
                .body("detail", containsString("Only stream nodes"));
        Fixtures.asNode(zone.nodeKey())
                .body(Map.of("csr", Csrs.pem("CN=" + camera.id(), Csrs.p256())))
                .post("/v1/certificates/camera")
                .then()
                .statusCode(403)
                .body("detail", containsString("Only cameras"));
        assertThat(delta(before, refusedCounts(), "role")).isEqualTo(2);

        // Another organization's camera answers like a missing one; the owner's own works.
        Fixtures.Org stranger = Fixtures.organization();
        Fixtures.withKey(stranger.ownerKey())
                .queryParam("cameraId", camera.id())
                .get("/v1/certificates")
                .then()
                .statusCode(404);
        Fixtures.withKey(camera.org().ownerKey())
                .queryParam("cameraId", camera.id())
                .get("/v1/certificates")
                .then()
                .statusCode(200);
        // The CRL is for operators and nodes, not for organizations.
        Fixtures.withKey(camera.org().ownerKey())
                .get("/v1/certificates/crl")
                .then()
                .statusCode(403);
        Fixtures.asNode(zone.nodeKey()).get("/v1/certificates/crl").then().statusCode(200);
    }

    private static ZonedDateTime time(String text, String label) {
        Matcher m = Pattern.compile(label + "\\s*: (.+)").matcher(text);
        assertThat(m.find()).as(label).isTrue();
        return ZonedDateTime.parse(m.group(1).trim(), OPENSSL_TIME);
    }

    private static String serialOf(String text) {
        Matcher m = Pattern.compile("Serial Number:\\s*\\n\\s*([0-9a-f:]+)").matcher(text);
        assertThat(m.find()).as("serial in " + text).isTrue();
        return m.group(1).replace(":", "").replaceFirst("^00", "");
    }

    /** zonecam_certificates_refused_total by reason, as /q/metrics shows it. */
    private static Map<String, String> refusedCounts() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, String> counts = new java.util.HashMap<>();
        Matcher m = Pattern.compile("zonecam_certificates_refused_total\\{reason=\"([^\"]+)\"[^}]*} ([0-9.]+)")
                .matcher(metrics);
        while (m.find()) {
            counts.put(m.group(1), m.group(2));
        }
        return counts;
    }

    private static long delta(Map<String, String> before, Map<String, String> after, String reason) {
        return Math.round(Double.parseDouble(after.getOrDefault(reason, "0"))
                - Double.parseDouble(before.getOrDefault(reason, "0")));
    }
}
