package io.zonecam.bench.node;

import io.zonecam.bench.s3.CountingS3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * S3Tls makes the bench S3 server's certificate for 127.0.0.1 with the JDK's keytool: a PKCS12 keystore for the
 * server and a trust store holding only that certificate for the node, both in the run's state directory.
 */
final class S3Tls {

    private S3Tls() {}

    static Path keyStore(Path dir) {
        return dir.resolve("s3-tls.p12");
    }

    /** Creates the keystore and returns the node's trust store. */
    static Path create(Path keytool, Path dir) throws IOException, InterruptedException {
        Path keyStore = keyStore(dir);
        Path cert = dir.resolve("s3-tls.crt");
        Path trustStore = dir.resolve("s3-trust.p12");
        for (Path p : List.of(keyStore, cert, trustStore)) {
            Files.deleteIfExists(p);
        }
        String pw = CountingS3Server.TLS_PASSWORD;
        keytool(
                keytool,
                "-genkeypair",
                "-alias",
                "s3",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "7",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                pw,
                "-keypass",
                pw);
        keytool(
                keytool,
                "-exportcert",
                "-alias",
                "s3",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                pw,
                "-file",
                cert.toString());
        keytool(
                keytool,
                "-importcert",
                "-noprompt",
                "-alias",
                "s3",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                pw);
        return trustStore;
    }

    private static void keytool(Path keytool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out.strip());
        }
    }
}
