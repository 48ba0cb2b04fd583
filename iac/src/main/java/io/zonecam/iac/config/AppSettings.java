package io.zonecam.iac.config;

import java.nio.file.Path;
import software.constructs.Node;

/**
 * AppSettings are the synth-time switches read from CDK context ({@code -c key=value} or cdk.json).
 *
 * <p>Paths are relative to the working directory, which is {@code iac/} for both {@code npx aws-cdk} (cdk.json
 * lives there) and the Maven tests.
 */
public record AppSettings(
        Path zonesFile,
        boolean nativeLambda,
        Path controlLambdaArtifact,
        boolean allowPlaceholderArtifacts,
        Path playbackCdnPublicKeyFile,
        Path viewerDist,
        Path platformCaCertificateFile) {

    public static final String ZONES_FILE = "zonesFile";
    public static final String NATIVE = "native";
    public static final String CONTROL_LAMBDA_ARTIFACT = "controlLambdaArtifact";
    public static final String ALLOW_PLACEHOLDER_ARTIFACTS = "allowPlaceholderArtifacts";
    public static final String PLAYBACK_CDN_PUBLIC_KEY_FILE = "playbackCdnPublicKeyFile";
    public static final String VIEWER_DIST = "viewerDist";
    public static final String PLATFORM_CA_CERTIFICATE_FILE = "platformCaCertificateFile";

    static final String JVM_ARTIFACT = "../control-lambdas/target/function.zip";
    static final String NATIVE_ARTIFACT = "../control-lambdas/target/function-native.zip";

    /** Reads the settings from the app's context, with the defaults above. */
    public static AppSettings fromContext(Node node) {
        Path zones = Path.of(string(node, ZONES_FILE, "zones.json"));
        boolean nativeLambda = bool(node, NATIVE);
        String artifact = string(node, CONTROL_LAMBDA_ARTIFACT, nativeLambda ? NATIVE_ARTIFACT : JVM_ARTIFACT);
        String cdnKey = string(node, PLAYBACK_CDN_PUBLIC_KEY_FILE, null);
        String ca = string(node, PLATFORM_CA_CERTIFICATE_FILE, null);
        return new AppSettings(
                zones,
                nativeLambda,
                Path.of(artifact),
                bool(node, ALLOW_PLACEHOLDER_ARTIFACTS),
                cdnKey == null ? null : Path.of(cdnKey),
                Path.of(string(node, VIEWER_DIST, "../web-viewer/target/dist")),
                ca == null ? null : Path.of(ca));
    }

    /** The CDN public key file: the context override, else the zones file's entry relative to that file. */
    public Path resolvePlaybackCdnPublicKey(ZonesConfig config) {
        if (playbackCdnPublicKeyFile != null) {
            return playbackCdnPublicKeyFile;
        }
        Path base = zonesFile.toAbsolutePath().getParent();
        return base.resolve(config.playbackCdn().publicKeyFile());
    }

    /** The platform CA certificate file: the context override, else the zones file's entry relative to that file. */
    public Path resolvePlatformCaCertificate(ZonesConfig config) {
        if (platformCaCertificateFile != null) {
            return platformCaCertificateFile;
        }
        return zonesFile.toAbsolutePath().getParent().resolve(config.deviceBus().caCertificateFile());
    }

    private static String string(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static boolean bool(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value != null && Boolean.parseBoolean(value.toString());
    }
}
