package io.zonecam.control.identity;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.store.IssuedCertificate;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** CertificateModels are the API bodies of certificates, named as in the OpenAPI spec. */
public final class CertificateModels {

    private CertificateModels() {}

    /** A PKCS#10 CSR in PEM; its size and content are judged by {@link CsrPolicy}, which says why it refuses. */
    @RegisterForReflection
    public record CertificateSigningRequest(@NotNull String csr) {}

    /** A certificate just issued, with the chain that verifies it. */
    @RegisterForReflection
    public record SignedCertificate(
            String serial,
            String certificateId,
            String subject,
            Instant notBefore,
            Instant notAfter,
            String certificate,
            String caCertificate) {}

    /** A certificate as recorded: no key material, only what identifies it and its state. */
    @RegisterForReflection
    public record CertificateRecord(
            String serial,
            String certificateId,
            String kind,
            String subject,
            Instant notBefore,
            Instant notAfter,
            Instant issuedAt,
            Instant revokedAt) {

        static CertificateRecord of(IssuedCertificate c) {
            return new CertificateRecord(
                    c.serial, c.fingerprint, c.kind, c.subject, c.notBefore, c.notAfter, c.issuedAt, c.revokedAt);
        }
    }
}
