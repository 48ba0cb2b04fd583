package io.zonecam.control.identity;

import io.zonecam.control.config.ZonecamConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.IotClientBuilder;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * IotRevocation sets revoked certificates INACTIVE in AWS IoT Core ({@code UpdateCertificate}), the only IoT call the
 * control plane makes: IoT Core checks no CRL, so an inactive status is how a revoked device is refused at its next
 * connect. The certificate id is the SHA-256 of the certificate, which the control plane computed at issuance.
 *
 * <p>Off unless {@code zonecam.ca.aws-iot.enabled} (production on AWS). A certificate IoT Core does not know
 * (its device never connected, so just-in-time provisioning never registered it) has nothing to deactivate.
 */
@Singleton
public class IotRevocation {

    private static final Logger LOG = Logger.getLogger(IotRevocation.class);

    private final IotClient client;

    @Inject
    public IotRevocation(ZonecamConfig config) {
        this(config.ca().awsIot().enabled() ? client(config.ca().awsIot()) : null);
    }

    /** With {@code client} null, revocation stays in the database and the CRL. */
    IotRevocation(IotClient client) {
        this.client = client;
    }

    private static IotClient client(ZonecamConfig.Ca.AwsIot settings) {
        IotClientBuilder builder = IotClient.builder().httpClient(UrlConnectionHttpClient.create());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** True when revocations reach IoT Core. */
    public boolean enabled() {
        return client != null;
    }

    /** Sets each certificate INACTIVE; blocking (callers run it off the event loop); fails on the first error. */
    public void deactivate(List<String> certificateIds) {
        if (client == null) {
            return;
        }
        for (String id : certificateIds) {
            try {
                client.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
                LOG.infof("IoT certificate %s set INACTIVE", id);
            } catch (ResourceNotFoundException e) {
                LOG.infof("IoT certificate %s was never registered (never connected): nothing to deactivate", id);
            }
        }
    }
}
