package io.zonecam.control.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonecam.contracts.token.Ed25519Keys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;

/**
 * TestEnvironment prepares what the control plane needs in tests: the {@code zonecam_test} database on the local
 * PostgreSQL (created when missing) and fresh keys for token signing, secret hashing and the development issuer.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "zonecam_test";
    public static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    public static final String USER = "postgres";
    /** System property holding the development issuer's private key, so tests can sign their own odd tokens. */
    public static final String USERS_KEY_PROPERTY = "test.zonecam.users-private-key";

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", USER, "");
                ResultSet rs = c.createStatement()
                        .executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                c.createStatement().execute("create database " + DATABASE);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "PostgreSQL must run on 127.0.0.1:5432 with trust auth for user postgres " + "(.ci/run starts it)",
                    e);
        }
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair users = ec.generateKeyPair();
            System.setProperty(
                    USERS_KEY_PROPERTY,
                    Base64.getEncoder().encodeToString(users.getPrivate().getEncoded()));
            byte[] pepper = new byte[32];
            new java.security.SecureRandom().nextBytes(pepper);
            return Map.of(
                    "quarkus.datasource.reactive.url",
                    "postgresql://127.0.0.1:5432/" + DATABASE,
                    "quarkus.datasource.username",
                    USER,
                    "zonecam.tokens.signing-key",
                    Ed25519Keys.toPkcs8(Ed25519Keys.generate().getPrivate()),
                    "zonecam.secrets.pepper",
                    Base64.getEncoder().encodeToString(pepper),
                    "zonecam.dev-issuer.enabled",
                    "true",
                    "zonecam.dev-issuer.private-key",
                    Base64.getEncoder().encodeToString(users.getPrivate().getEncoded()),
                    "mp.jwt.verify.publickey",
                    Base64.getEncoder().encodeToString(users.getPublic().getEncoded()),
                    "quarkus.flyway.clean-at-start",
                    "true",
                    "quarkus.flyway.clean-disabled",
                    "false");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // The database stays for the next run; Flyway cleans it at start.
    }

    /** Signs a user JWT with the development issuer's key, with any claims and expiry (for refusal tests). */
    public static String signUserToken(String issuer, java.time.Instant expiresAt, String org, String... groups) {
        try {
            var key = java.security.KeyFactory.getInstance("EC")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(System.getProperty(USERS_KEY_PROPERTY))));
            var builder = io.smallrye.jwt.build.Jwt.issuer(issuer)
                    .subject("odd-user")
                    .groups(java.util.Set.of(groups))
                    .issuedAt(expiresAt.minusSeconds(3600))
                    .expiresAt(expiresAt);
            if (org != null) {
                builder.claim("org", org);
            }
            return builder.jws()
                    .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
                    .sign(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs SQL against the test database directly, for tests that must reach past the API (e.g. expire a lease). */
    public static int sql(String statement) {
        try (Connection c = DriverManager.getConnection(JDBC_URL, USER, "")) {
            return c.createStatement().executeUpdate(statement);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one number from the test database. */
    public static long number(String query) {
        try (Connection c = DriverManager.getConnection(JDBC_URL, USER, "");
                ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
