package io.zonecam.control.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.zonecam.contracts.bus.BusIdentity;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.identity.CertificateModels.CertificateRecord;
import io.zonecam.control.identity.CertificateModels.SignedCertificate;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.IssuedCertificate;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.jboss.logging.Logger;

/**
 * CertificateService issues, records and revokes the certificates of cameras and stream nodes, and produces the CRL.
 *
 * <p>Subjects (the broker takes the CN as the MQTT user name; IoT Core's provisioning template reads the others):
 * <pre>
 * camera: O=&lt;organization id&gt;, OU=&lt;zone id&gt;, CN=&lt;camera id&gt;        (OU only once the camera has a zone)
 * node:   O=zonecam-nodes, OU=&lt;zone id&gt;, SERIALNUMBER=&lt;node id&gt;, CN=node.&lt;zone id&gt;
 * </pre>
 * A node's CN names its zone, not the node: every node of a zone has the same rights on the bus, so one broker ACL
 * entry per zone covers nodes that come and go; the node id is in the subject's serial number attribute.
 */
@ApplicationScoped
public class CertificateService {

    private static final Logger LOG = Logger.getLogger(CertificateService.class);
    /** Certificates start a little in the past, so a device whose clock is slightly behind accepts them. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** Owners see a camera's latest certificates; renewals every few days keep this years of history. */
    private static final int LIST_LIMIT = 100;

    static final String NODE_ORGANIZATION = BusIdentity.NODE_ORGANIZATION;

    @Inject
    PlatformCa ca;

    @Inject
    IotRevocation iot;

    @Inject
    Refusals refusals;

    @Inject
    MeterRegistry registry;

    @Inject
    ZonecamConfig config;

    /** The CN a node of {@code zone} must ask for. */
    public static String nodeCommonName(String zone) {
        return "node." + zone;
    }

    /** Issues a camera its certificate for the key of {@code csr}; renewal is the same call with a fresh CSR. */
    @WithTransaction
    public Uni<SignedCertificate> issueForCamera(UUID cameraId, String csr) {
        String caller = "camera:" + cameraId;
        PublicKey key = accept(csr, cameraId.toString(), caller);
        return Camera.<Camera>find("id = ?1 and deletedAt is null", cameraId)
                .<Camera>firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> refusals.refuse(
                        Refusals.CREDENTIALS, ProblemException.unauthorized("Missing or invalid credentials."), caller))
                .chain(camera -> {
                    X500NameBuilder subject =
                            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, camera.organizationId.toString());
                    if (camera.zoneId != null) {
                        subject.addRDN(BCStyle.OU, camera.zoneId);
                    }
                    subject.addRDN(BCStyle.CN, cameraId.toString());
                    return record(
                            IssuedCertificate.CAMERA,
                            subject.build(),
                            key,
                            config.ca().cameraTtl(),
                            c -> {
                                c.cameraId = cameraId;
                                c.organizationId = camera.organizationId;
                                c.zoneId = camera.zoneId;
                            });
                });
    }

    /** Issues a node of the caller's zone its certificate; another zone's node, or no node, is a 404. */
    @WithTransaction
    public Uni<SignedCertificate> issueForNode(String zone, UUID nodeId, String csr) {
        String caller = "zone-node:" + zone;
        // The CSR first: a bad body is a 400 whichever node it names.
        PublicKey key = accept(csr, nodeCommonName(zone), caller);
        return Node.<Node>findById(nodeId).chain(node -> {
            if (node == null || !zone.equals(node.zoneId)) {
                throw refusals.refuse(Refusals.UNKNOWN, ProblemException.notFound("No node " + nodeId + "."), caller);
            }
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, NODE_ORGANIZATION)
                    .addRDN(BCStyle.OU, zone)
                    .addRDN(BCStyle.SERIALNUMBER, nodeId.toString())
                    .addRDN(BCStyle.CN, nodeCommonName(zone))
                    .build();
            return record(IssuedCertificate.NODE, subject, key, config.ca().nodeTtl(), c -> {
                c.nodeId = nodeId;
                c.zoneId = zone;
            });
        });
    }

    private PublicKey accept(String csr, String commonName, String caller) {
        try {
            return CsrPolicy.check(csr, commonName).publicKey();
        } catch (CsrPolicy.Refused refused) {
            throw refusals.csr(refused, caller);
        }
    }

    private Uni<SignedCertificate> record(
            String kind, X500Name subject, PublicKey key, Duration ttl, Consumer<IssuedCertificate> owner) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = ca.authority().issue(subject, key, now.minus(SKEW), now.plus(ttl));
        IssuedCertificate row = new IssuedCertificate();
        row.serial = cert.getSerialNumber().toString(16);
        row.fingerprint = CertificateAuthority.fingerprint(cert);
        row.kind = kind;
        row.subject = subject.toString();
        row.notBefore = cert.getNotBefore().toInstant();
        row.notAfter = cert.getNotAfter().toInstant();
        row.issuedAt = now;
        owner.accept(row);
        return row.<IssuedCertificate>persist().map(saved -> {
            registry.counter("zonecam.certificates.issued", "kind", kind).increment();
            LOG.infof("issued %s certificate %s to %s until %s", kind, saved.serial, saved.subject, saved.notAfter);
            return new SignedCertificate(
                    saved.serial,
                    saved.fingerprint,
                    saved.subject,
                    saved.notBefore,
                    saved.notAfter,
                    CertificateAuthority.pem(cert),
                    CertificateAuthority.pem(ca.authority().certificate()));
        });
    }

    /**
     * Revokes a camera's unexpired certificates, in the caller's transaction, and on AWS sets them INACTIVE in IoT
     * Core before that transaction commits: when IoT Core fails, nothing is revoked and the caller gets a 503 to retry.
     */
    public Uni<Integer> revokeCamera(UUID cameraId) {
        return revoke("cameraId = ?1 and revokedAt is null and notAfter > ?2", cameraId);
    }

    /** Revokes the unexpired certificates of a zone's nodes (the zone and its nodes are being deleted). */
    public Uni<Integer> revokeZoneNodes(String zone) {
        return revoke("kind = 'node' and zoneId = ?1 and revokedAt is null and notAfter > ?2", zone);
    }

    private Uni<Integer> revoke(String query, Object owner) {
        Instant now = Timestamps.now();
        return IssuedCertificate.<IssuedCertificate>list(query, owner, now).chain(certs -> {
            certs.forEach(c -> c.revokedAt = now);
            List<String> ids = certs.stream().map(c -> c.fingerprint).toList();
            if (!certs.isEmpty()) {
                LOG.infof("revoked %d certificate(s) of %s", certs.size(), owner);
            }
            return deactivateOnIot(ids).replaceWith(certs.size());
        });
    }

    private Uni<Void> deactivateOnIot(List<String> ids) {
        if (ids.isEmpty() || !iot.enabled()) {
            return Uni.createFrom().voidItem();
        }
        // The SDK call blocks: run it on a worker, then come back to the request's context (its database session).
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .<Void>item(() -> {
                    iot.deactivate(ids);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .onFailure()
                .transform(e -> {
                    LOG.errorf("AWS IoT Core did not deactivate %d certificate(s): %s", ids.size(), e.toString());
                    return ProblemException.unavailable(
                            "AWS IoT Core did not deactivate the certificates; nothing was changed, retry.");
                });
    }

    /** The CRL in PEM: every revoked certificate not yet expired, valid for {@code zonecam.ca.crl-ttl}. */
    @WithSession
    public Uni<String> crl() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return IssuedCertificate.<IssuedCertificate>list(
                        "revokedAt is not null and notAfter > ?1 order by revokedAt", now)
                .map(revoked -> CertificateAuthority.pem(ca.authority()
                        .crl(
                                revoked.stream()
                                        .map(c -> new CertificateAuthority.Revoked(
                                                new BigInteger(c.serial, 16), c.revokedAt))
                                        .toList(),
                                now,
                                now.plus(config.ca().crlTtl()))));
    }

    /** A camera's latest certificates, newest first; another organization's camera is a 404 like a missing one. */
    @WithSession
    public Uni<List<CertificateRecord>> listForCamera(UUID organizationId, UUID cameraId) {
        return Camera.findLive(organizationId, cameraId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No camera " + cameraId + "."))
                .chain(camera -> IssuedCertificate.<IssuedCertificate>find(
                                "cameraId = ?1 order by issuedAt desc, serial", cameraId)
                        .page(0, LIST_LIMIT)
                        .list())
                .map(list -> list.stream().map(CertificateRecord::of).toList());
    }
}
