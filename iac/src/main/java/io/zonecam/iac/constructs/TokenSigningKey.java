package io.zonecam.iac.constructs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.RotationScheduleOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * TokenSigningKey is the Secrets Manager secret with the control plane's Ed25519 token-signing key, filled and
 * rotated by a small Lambda so that no private key ever passes through a template or a laptop.
 *
 * <p>The secret starts as a placeholder; rotation runs once at creation and then every {@link #ROTATION_DAYS}
 * days. Each rotation promotes the published {@code next} key and keeps two previous public keys, so tokens
 * issued before a rotation keep verifying until they expire.
 */
public final class TokenSigningKey extends Construct {
    public static final int ROTATION_DAYS = 90;
    static final String SOURCE = "/lambda/token-key-rotation.js";

    private final Secret secret;

    public TokenSigningKey(Construct scope, String id, IKey encryptionKey) {
        super(scope, id);
        this.secret = Secret.Builder.create(this, "Secret")
                .secretName("zonecam/tokens/signing-key")
                .description(
                        "Zonecam Ed25519 token-signing key (JSON: kid, privateKey PKCS#8 base64, publicKey, next, previous)")
                .encryptionKey(encryptionKey)
                // A placeholder the rotation replaces at once; the app refuses a secret without "kid".
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"pending\":true}")
                        .generateStringKey("placeholder")
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Function rotation = Function.Builder.create(this, "Rotation")
                .description("Rotates the Zonecam token-signing key")
                .runtime(Runtime.NODEJS_22_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(source()))
                .timeout(Duration.seconds(30))
                .memorySize(256)
                .logGroup(LogGroup.Builder.create(this, "RotationLogs")
                        .retention(RetentionDays.ONE_YEAR)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build())
                .build();
        secret.addRotationSchedule(
                "Schedule",
                RotationScheduleOptions.builder()
                        .rotationLambda(rotation)
                        .automaticallyAfter(Duration.days(ROTATION_DAYS))
                        .rotateImmediatelyOnUpdate(true)
                        .build());
    }

    /** The secret; grant reads to the functions that sign tokens or serve the JWKS. */
    public Secret secret() {
        return secret;
    }

    /** The rotation function's source, shipped in this jar. */
    public static String source() {
        try (InputStream in = TokenSigningKey.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
