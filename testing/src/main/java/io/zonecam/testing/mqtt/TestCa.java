package io.zonecam.testing.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TestCa is a certificate authority for tests, run by the system {@code openssl} (its {@code ca} command keeps the
 * index of what it issued and revoked, so the CRL is the real tool's). It is either a fresh one ({@link #generate})
 * or the control plane's ({@link #of}: the same key, so what it issues and what the control plane issues verify
 * against one CA). Keys are EC P-256 like the platform's.
 */
public final class TestCa {

    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Path dir;

    private TestCa(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("issued"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("openssl.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                dir = %s
                database = $dir/index.txt
                new_certs_dir = $dir/issued
                certificate = $dir/ca.pem
                private_key = $dir/ca.key
                rand_serial = yes
                default_md = sha256
                default_crl_days = 1
                policy = anything
                unique_subject = no
                copy_extensions = none
                [ anything ]
                commonName = optional
                [ client ]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = clientAuth
                [ server ]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = DNS:localhost,IP:127.0.0.1
                """.formatted(dir.toAbsolutePath()));
    }

    /** A new CA in {@code dir}, its subject {@code /CN=<name>}. */
    public static TestCa generate(Path dir, String name) throws IOException {
        TestCa ca = new TestCa(dir);
        ca.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        ca.openssl(
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key",
                "-subj",
                "/CN=" + name,
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                "ca.pem");
        return ca;
    }

    /** The CA of {@code certificatePem} and {@code privateKeyPem} (e.g. the control plane's local CA) in {@code dir}. */
    public static TestCa of(Path dir, String certificatePem, String privateKeyPem) throws IOException {
        TestCa ca = new TestCa(dir);
        Files.writeString(dir.resolve("ca.pem"), certificatePem);
        Files.writeString(dir.resolve("ca.key"), privateKeyPem);
        return ca;
    }

    /** PEM text of DER bytes, e.g. {@code pem("PRIVATE KEY", pkcs8)} for a key kept base64 in an env file. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The CA certificate, PEM file. */
    public Path certificate() {
        return dir.resolve("ca.pem");
    }

    /** The CA's private key, PKCS#8 PEM file (to hand a generated CA to the control plane under test). */
    public Path privateKey() {
        return dir.resolve("ca.key");
    }

    /** A key and the certificate naming it, both PEM files. */
    public record Issued(Path key, Path certificate) {
        public String certificatePem() throws IOException {
            return Files.readString(certificate);
        }

        public String keyPem() throws IOException {
            return Files.readString(key);
        }
    }

    /** A client certificate for {@code subject} (openssl form, {@code /O=x/CN=y}), valid from a minute ago for a day. */
    public Issued issueClient(String name, String subject) throws IOException {
        Instant now = Instant.now();
        return issue(name, subject, "client", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    }

    /** The broker's certificate: CN=localhost, SAN localhost and 127.0.0.1, serverAuth. */
    public Issued issueServer(String name) throws IOException {
        Instant now = Instant.now();
        return issue(name, "/CN=localhost", "server", now.minusSeconds(60), now.plus(Duration.ofDays(2)));
    }

    /**
     * A new EC P-256 key ({@code <name>.key}) and its certificate ({@code <name>.pem}) for {@code subject}, valid from
     * {@code notBefore} to {@code notAfter} (in the past for an expired one), with the extensions of {@code profile}
     * ({@code client} or {@code server}).
     */
    public Issued issue(String name, String subject, String profile, Instant notBefore, Instant notAfter)
            throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        Path key = dir.resolve(name + ".key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-subj", subject, "-out", name + ".csr");
        return new Issued(key, signCsrFile(name, profile, notBefore, notAfter));
    }

    /**
     * Certifies someone else's key: signs {@code csrPem} (PKCS#10, its subject kept) as {@code <name>.pem} with the
     * extensions of {@code profile}, like the control plane does for a camera's CSR; returns the certificate, PEM.
     */
    public String sign(String name, String csrPem, String profile, Instant notBefore, Instant notAfter)
            throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        Files.writeString(dir.resolve(name + ".csr"), csrPem);
        return Files.readString(signCsrFile(name, profile, notBefore, notAfter));
    }

    private synchronized Path signCsrFile(String name, String profile, Instant notBefore, Instant notAfter)
            throws IOException {
        Path cert = dir.resolve(name + ".pem");
        openssl(
                "ca",
                "-batch",
                "-config",
                "openssl.cnf",
                "-notext",
                "-preserveDN",
                "-extensions",
                profile,
                "-startdate",
                OPENSSL_TIME.format(notBefore),
                "-enddate",
                OPENSSL_TIME.format(notAfter),
                "-in",
                name + ".csr",
                "-out",
                cert.toString());
        return cert;
    }

    /** Marks a certificate this CA issued revoked; the next {@link #crl()} lists it. */
    public void revoke(Issued issued) throws IOException {
        openssl("ca", "-config", "openssl.cnf", "-revoke", issued.certificate().toString());
    }

    /** A CRL (PEM) listing every certificate revoked here, valid a day. */
    public String crl() throws IOException {
        openssl("ca", "-config", "openssl.cnf", "-gencrl", "-out", "crl.pem");
        return Files.readString(dir.resolve("crl.pem"));
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl " + args[0] + " did not finish in " + DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "openssl " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
