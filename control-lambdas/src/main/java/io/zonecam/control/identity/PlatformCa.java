package io.zonecam.control.identity;

import io.zonecam.control.config.ZonecamConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * PlatformCa is the control plane's one {@link CertificateAuthority}, read from configuration at start (on AWS from
 * Secrets Manager, locally from the secrets {@code scripts/lib.sh} generates). Its key is never logged; the log names
 * only the CA certificate's subject and fingerprint.
 */
@Singleton
public class PlatformCa {

    private static final Logger LOG = Logger.getLogger(PlatformCa.class);

    private final CertificateAuthority authority;

    public PlatformCa(ZonecamConfig config) {
        ZonecamConfig.Ca ca = config.ca();
        if (ca.privateKey().isPresent() && ca.certificate().isPresent()) {
            authority = CertificateAuthority.of(
                    ca.privateKey().get(), ca.certificate().get());
        } else if (onLambda(System.getenv())) {
            throw new IllegalStateException("zonecam.ca.private-key and zonecam.ca.certificate (or "
                    + "zonecam.ca.secret-arn) must be set on AWS: every instance must sign with the registered CA");
        } else {
            LOG.warn("zonecam.ca.private-key is not set: issuing certificates from a throw-away CA");
            authority = CertificateAuthority.generate("Zonecam throw-away CA", Duration.ofDays(30));
        }
        LOG.infof(
                "platform CA %s (SHA-256 %s)",
                authority.certificate().getSubjectX500Principal().getName(),
                CertificateAuthority.fingerprint(authority.certificate()));
    }

    static boolean onLambda(Map<String, String> env) {
        return env.containsKey("AWS_LAMBDA_FUNCTION_NAME") || env.containsKey("AWS_LAMBDA_RUNTIME_API");
    }

    public CertificateAuthority authority() {
        return authority;
    }
}
