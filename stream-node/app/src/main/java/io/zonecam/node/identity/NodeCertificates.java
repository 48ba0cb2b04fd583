package io.zonecam.node.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.CertificatesApi;
import io.zonecam.sdk.model.CertificateSigningRequest;
import io.zonecam.sdk.model.SignedCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * NodeCertificates obtains the node's device-bus certificate from the control plane's CA and renews it: once the
 * fleet agent has registered the node (the certificate names the node id), it makes a new EC P-256 key, sends only
 * its CSR ({@code POST /v1/certificates/node/{nodeId}}, CN {@code node.<zone>}) and keeps the answer in
 * {@link NodeIdentity}; a failure is retried with backoff. Certificates last days (7 by default): past two thirds
 * of its lifetime a certificate is renewed the same way, with a new key. The MQTT connections that are up keep
 * the TLS session they have; every new connection (a reconnect) presents the new certificate.
 *
 * <p>A standalone node (no control plane) never calls this and runs on the pair in its identity files.
 */
@ApplicationScoped
public class NodeCertificates {

    private static final Logger LOG = Logger.getLogger(NodeCertificates.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final NodeIdentity identity;
    private final String commonName;
    private final Clock clock = Clock.systemUTC();
    private final Counter issued;
    private final Counter failed;
    private volatile UUID nodeId;
    private volatile CertificatesApi api;

    public NodeCertificates(NodeIdentity identity, NodeConfig config, MeterRegistry registry) {
        this.identity = identity;
        this.commonName = commonName(config.node().zone());
        this.issued = Counter.builder("zonecam.bus.certificates")
                .tag("outcome", "issued")
                .register(registry);
        this.failed = Counter.builder("zonecam.bus.certificates")
                .tag("outcome", "failed")
                .register(registry);
    }

    /** The CN the platform CA issues to a node of {@code zone} (contracts BusIdentity). */
    public static String commonName(String zone) {
        return "node." + zone;
    }

    /**
     * The node registered (again) as {@code nodeId} with the control plane {@code client} talks to: a certificate
     * for that id is obtained in the background, retried until it is.
     */
    public void registered(UUID nodeId, ApiClient client) {
        this.api = new CertificatesApi(client);
        this.nodeId = nodeId;
        Thread.ofVirtual().name("zonecam-node-certificate").start(() -> obtainUntilDone(nodeId));
    }

    private void obtainUntilDone(UUID id) {
        long backoffMs = 500;
        while (id.equals(nodeId)) {
            if (obtain()) {
                return;
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    /** Renews the certificate past two thirds of its lifetime; a failure is retried at the next check. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewIfDue() {
        if (api != null && nodeId != null && identity.renewalDue(clock.instant())) {
            obtain();
        }
    }

    /** One issuance with a new key; false (logged and counted) when it failed. */
    synchronized boolean obtain() {
        UUID id = nodeId;
        try {
            KeyPair key = Csr.newKey();
            SignedCertificate signed =
                    api.issueNodeCertificate(id, new CertificateSigningRequest().csr(Csr.pem(key, commonName)));
            identity.install(key, signed.getCertificate(), signed.getCaCertificate());
            issued.increment();
            return true;
        } catch (ApiException e) {
            failed.increment();
            LOG.warnf("node certificate for %s refused or not reachable (%d): %s", id, e.getCode(), e.getMessage());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failed.increment();
            LOG.warnf("node certificate for %s not obtained: %s", id, e.getMessage());
        }
        return false;
    }
}
