package io.zonecam.control.playback.cdn;

import io.zonecam.contracts.recording.ObjectLayout;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;

/**
 * CdnSigner signs CloudFront access to a camera's recorded objects for one range: a custom policy whose resource is
 * {@code https://<cdn>/zones/*}{@code /<cameraId>/<common hour directories of the range>*} and whose expiry is the
 * playback token's, signed with the key group's private key (AWS SDK {@link CloudFrontUtilities}).
 *
 * <p>The control plane signs because it already holds the key; the node builds the playlist, so it receives the
 * query ({@code Policy}, {@code Signature}, {@code Key-Pair-Id}) on the playlist URL and repeats it on each object
 * URI the pattern covers. One signature serves every object of the range, and no node ever holds the key.
 */
@ApplicationScoped
public class CdnSigner {

    /** Settings is a configured CDN: its domain, key pair id and private key. */
    public record Settings(String domain, String keyPairId, PrivateKey privateKey) {}

    private final Optional<Settings> settings;
    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();

    @Inject
    public CdnSigner(ZonecamConfig config) {
        this(settings(config.playback().cdn()));
    }

    public CdnSigner(Optional<Settings> settings) {
        this.settings = settings;
    }

    /**
     * The CloudFront query ({@code Policy=..&Signature=..&Key-Pair-Id=..}) that opens {@code cameraId}'s objects
     * starting within the hours of {@code from}..{@code to}, until {@code expiresAt}; empty without a CDN.
     */
    public Optional<String> objectsQuery(String cameraId, Instant from, Instant to, Instant expiresAt) {
        return settings.map(s -> {
            String base = "https://" + s.domain() + "/";
            String pattern = base + ObjectLayout.cameraObjectsPattern(cameraId, from.toEpochMilli(), to.toEpochMilli());
            String signed = cloudFront
                    .getSignedUrlWithCustomPolicy(CustomSignerRequest.builder()
                            .resourceUrl(base)
                            .resourceUrlPattern(pattern)
                            .privateKey(s.privateKey())
                            .keyPairId(s.keyPairId())
                            .expirationDate(expiresAt)
                            .build())
                    .url();
            return signed.substring(signed.indexOf('?') + 1);
        });
    }

    private static Optional<Settings> settings(ZonecamConfig.Playback.Cdn cdn) {
        if (cdn.domain().filter(d -> !d.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        String keyPairId = cdn.keyPairId()
                .filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "zonecam.playback.cdn.domain is set but zonecam.playback.cdn.key-pair-id is not"));
        String pem = cdn.signingKey()
                .filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "zonecam.playback.cdn.domain is set but no signing key (zonecam.playback.cdn.signing-key or"
                                + " its secret) is"));
        return Optional.of(new Settings(cdn.domain().get(), keyPairId, privateKey(pem)));
    }

    /** An RSA private key from PEM PKCS#8 ({@code openssl genrsa} of OpenSSL 3 writes that). */
    public static PrivateKey privateKey(String pem) {
        String body = pem.trim();
        if (!body.startsWith("-----BEGIN PRIVATE KEY-----") || !body.endsWith("-----END PRIVATE KEY-----")) {
            // Never echo the value: it is a secret.
            throw new IllegalStateException("the CDN signing key is not PEM PKCS#8 (BEGIN PRIVATE KEY); convert it"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        String b64 = body.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the CDN signing key is not an RSA PKCS#8 key");
        }
    }
}
