package io.zonecam.control.webhook;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * WebhookSender makes one delivery attempt: it checks the target again ({@link TargetGuard}) and connects to the
 * address it checked, POSTs the signed body, follows no redirect (a 3xx is a failure), reads at most
 * {@link #MAX_RESPONSE} bytes of the answer (then drops the connection), and fails on a TLS error or after
 * {@code zonecam.webhooks.attempt-timeout}. 2xx is success; anything else is a failed attempt with its reason.
 */
@ApplicationScoped
public class WebhookSender {

    /** Bytes of a receiver's answer read at most; the rest is never read. */
    static final int MAX_RESPONSE = 64 * 1024;

    /** An attempt's result: the HTTP status (null when none came back) and, for failures, why. */
    public record Outcome(Integer status, String error) {
        public boolean delivered() {
            return error == null;
        }
    }

    private final HttpClient client;
    private final TargetGuard guard;
    private final Duration timeout;

    public WebhookSender(Vertx vertx, ZonecamConfig config) {
        this.timeout = config.webhooks().attemptTimeout();
        this.guard = new TargetGuard(config.webhooks().allowLoopback());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true)
                .setTrustAll(false)
                .setMaxPoolSize(8)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Posts {@code body} with {@code headers} to {@code url}; never fails, the outcome says what happened. */
    public Uni<Outcome> send(String url, Map<String, String> headers, byte[] body) {
        return Uni.createFrom()
                .item(() -> guard.check("url", url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> {
                    RequestOptions options = new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setServer(SocketAddress.inetSocketAddress(
                                    target.port(), target.address().getHostAddress()))
                            .setHost(target.host())
                            .setPort(target.port())
                            .setSsl(target.tls())
                            .setURI(
                                    target.uri().getRawPath().isEmpty()
                                            ? "/"
                                            : target.uri().getRawPath()
                                                    + (target.uri().getRawQuery() == null
                                                            ? ""
                                                            : "?" + target.uri().getRawQuery()))
                            .setFollowRedirects(false);
                    headers.forEach(options::putHeader);
                    return Uni.createFrom()
                            .completionStage(() -> client.request(options)
                                    .compose(req -> req.send(Buffer.buffer(body)))
                                    .compose(WebhookSender::readCapped)
                                    .toCompletionStage());
                })
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .map(status -> status >= 200 && status < 300
                        ? new Outcome(status, null)
                        : new Outcome(
                                status,
                                "HTTP " + status
                                        + (status >= 300 && status < 400 ? " (redirects are not followed)" : "")))
                .onFailure()
                .recoverWithItem(WebhookSender::failure);
    }

    /** Reads the answer up to {@link #MAX_RESPONSE} bytes; its status decides. */
    private static io.vertx.core.Future<Integer> readCapped(HttpClientResponse response) {
        Promise<Integer> done = Promise.promise();
        long[] read = {0};
        response.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > MAX_RESPONSE && done.tryComplete(response.statusCode())) {
                response.request().reset();
            }
        });
        response.endHandler(v -> done.tryComplete(response.statusCode()));
        response.exceptionHandler(e -> done.tryFail(e));
        return done.future();
    }

    private static Outcome failure(Throwable e) {
        if (e instanceof ProblemException p) {
            return new Outcome(null, "refused target: " + p.getMessage());
        }
        String kind = e instanceof javax.net.ssl.SSLException || e.getCause() instanceof javax.net.ssl.SSLException
                ? "TLS error: "
                : "";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Outcome(null, kind + (message.length() > 300 ? message.substring(0, 300) : message));
    }
}
