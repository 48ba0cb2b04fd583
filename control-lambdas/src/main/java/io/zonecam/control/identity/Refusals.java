package io.zonecam.control.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.control.problem.Problem;
import io.zonecam.control.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Refusals turns every refused certificate request into a problem+json answer, a log line and a count: the metric
 * {@code zonecam_certificates_refused_total{reason}} shows a camera fleet that sends bad CSRs, or someone probing.
 * The log names the caller and the reason, never the CSR.
 */
@Singleton
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    /** Reasons beyond the CSR's own ({@link CsrPolicy.Reason}). */
    static final String CREDENTIALS = "credentials";

    static final String ROLE = "role";
    static final String UNKNOWN = "unknown";

    @Inject
    MeterRegistry registry;

    /** A refused CSR: 403 when it names another identity, 400 otherwise. */
    ProblemException csr(CsrPolicy.Refused refused, String caller) {
        boolean subject = refused.reason() == CsrPolicy.Reason.WRONG_SUBJECT;
        return refuse(
                refused.reason().slug(),
                new ProblemException(
                        subject ? 403 : 400,
                        refused.reason().slug(),
                        subject ? "CSR for another identity" : "CSR refused",
                        refused.getMessage(),
                        List.of(new Problem.FieldError("csr", refused.getMessage())),
                        Map.of()),
                caller);
    }

    /** Counts and logs {@code problem} under {@code reason}, and returns it to be thrown. */
    ProblemException refuse(String reason, ProblemException problem, String caller) {
        Counter.builder("zonecam.certificates.refused")
                .description("Certificate requests refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
        LOG.warnf("certificate request by %s refused (%s): %s", caller, reason, problem.getMessage());
        return problem;
    }
}
