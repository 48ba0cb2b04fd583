package io.zonecam.control.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.store.Webhook;
import io.zonecam.control.store.WebhookDelivery;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** WebhookModels are the API bodies of webhooks, named as in the OpenAPI spec. */
public final class WebhookModels {

    private WebhookModels() {}

    @RegisterForReflection
    public record WebhookCreate(
            @NotBlank @Text(max = 2000) String url,

            @NotEmpty @Size(max = 10)
            List<
                            @NotNull
                            @Pattern(
                                    regexp = "^(camera\\.(online|offline|moved|reported|bus\\.online|bus\\.offline)"
                                            + "|recording\\.gap\\.(begun|ended))$",
                                    message = "must be an event type: camera.online, camera.offline, camera.moved, "
                                            + "camera.reported, camera.bus.online, camera.bus.offline, "
                                            + "recording.gap.begun or recording.gap.ended")
                            String>
                    eventTypes,

            @Text(max = 200) String description) {}

    @RegisterForReflection
    public record WebhookView(
            UUID id,
            String url,
            List<String> eventTypes,
            String description,
            Instant createdAt,
            boolean enabled,
            Instant disabledAt,
            String disabledReason,
            String secret) {
        static WebhookView of(Webhook w, String secret) {
            return new WebhookView(
                    w.id,
                    w.url,
                    List.of(w.eventTypes),
                    w.description,
                    w.createdAt,
                    w.disabledAt == null,
                    w.disabledAt,
                    w.disabledReason,
                    secret);
        }
    }

    @RegisterForReflection
    public record WebhookList(List<WebhookView> items) {}

    @RegisterForReflection
    public record PingQueued(UUID deliveryId) {}

    @RegisterForReflection
    public record Delivery(
            UUID id,
            UUID eventId,
            String eventType,
            String state,
            int attempts,
            Instant createdAt,
            Instant lastAttemptAt,
            Integer lastStatus,
            String lastError,
            Instant nextAttemptAt,
            Instant deliveredAt) {
        static Delivery of(WebhookDelivery d) {
            return new Delivery(
                    d.id,
                    d.eventId,
                    d.eventType,
                    d.state,
                    d.attempts,
                    d.createdAt,
                    d.lastAttemptAt,
                    d.lastStatus,
                    d.lastError,
                    WebhookDelivery.PENDING.equals(d.state) ? d.nextAttemptAt : null,
                    d.deliveredAt);
        }
    }

    @RegisterForReflection
    public record DeliveryPage(List<Delivery> items, String nextCursor) {}
}
