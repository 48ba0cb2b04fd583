package io.zonecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.EventsApi;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.api.OrganizationsApi;
import io.zonecam.sdk.api.PicturesApi;
import io.zonecam.sdk.model.Event;
import io.zonecam.sdk.model.EventData;
import io.zonecam.sdk.model.EventType;
import io.zonecam.sdk.model.OrganizationCreate;
import io.zonecam.sdk.model.SnapshotRequest;
import io.zonecam.sdk.model.SnapshotSize;
import io.zonecam.testing.Await;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Camera-reported events end to end with real processes: simulated cameras report motion on their events topics of
 * the platform's own TLS Mosquitto (the camera simulator's {@code --motion-every}), the stream node relays them through its
 * report channel to the control plane, and the owner finds them in {@code GET /v1/events} with the picture of the
 * moment; another organization sees none of them. Events reported while the control plane is frozen (SIGSTOP) wait
 * on the node and arrive once it runs again, none dropped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsEndToEndIT {

    static final Duration MOTION_EVERY = Duration.ofSeconds(4); // 15 a minute: under the control plane's 30
    static final String PENDING = "zonecam_reports_pending";
    static final String DROPPED = "zonecam_reports_dropped_total";
    static final String CHANNEL = "channel=\"camera-events\"";

    @AutoClose
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        Platform.Options small = Platform.Options.smallCameras(1, 2, Duration.ofSeconds(30), 1);
        List<String> sim = new ArrayList<>(small.simArgs());
        sim.addAll(List.of("--motion-every", MOTION_EVERY.toSeconds() + "s"));
        platform = Platform.start(
                "events", new Platform.Options(small.nodes(), small.cameras(), false, small.lease(), sim));
    }

    @Test
    @Order(1)
    void motionReportedByEachCameraIsAnEventOfItsOrganizationWithThePictureOfTheMoment() throws Exception {
        UUID nodeId = new NodesApi(platform.operator())
                .listNodes(Platform.ZONE)
                .get(0)
                .getId();
        EventsApi owner = new EventsApi(platform.owner());
        // The cameras are recording by now, so the picture of every event from now on exists.
        var since = Instant.now().atOffset(java.time.ZoneOffset.UTC);
        for (UUID camera : platform.liveCameras) {
            Event e = Await.value(
                            "a motion event of camera " + camera,
                            Duration.ofSeconds(60),
                            () -> owner.listEvents(camera, EventType.CAMERA_REPORTED, since, null, 10, null)
                                    .getItems(),
                            items -> !items.isEmpty())
                    .get(0);
            assertThat(e.getOrganizationId()).isEqualTo(platform.organizationId);
            assertThat(e.getVersion()).isEqualTo(1);
            EventData data = e.getData();
            assertThat(data.getKind()).isEqualTo(EventData.KindEnum.MOTION);
            assertThat(data.getNodeId()).isEqualTo(nodeId);
            assertThat(data.getSnapshotAt().toInstant())
                    .isEqualTo(e.getOccurredAt().toInstant());
            Path picture = snapshot(camera, data.getSnapshotAt().toInstant());
            System.out.printf(
                    "e2e: event %s of camera %s at %s, picture %s%n", e.getId(), camera, e.getOccurredAt(), picture);
        }

        ApiClient otherOwner = platform.client(
                "X-Api-Key",
                new OrganizationsApi(platform.operator())
                        .createOrganization(
                                new OrganizationCreate().name("Other").region("local"))
                        .getApiKey()
                        .getKey());
        EventsApi other = new EventsApi(otherOwner);
        assertThat(other.listEvents(null, null, null, null, 100, null).getItems())
                .as("another organization's events")
                .isEmpty();
        UUID camera = platform.liveCameras.get(0);
        assertThatThrownBy(() -> other.listEvents(camera, null, null, null, 10, null))
                .isInstanceOfSatisfying(
                        ApiException.class, ex -> assertThat(ex.getCode()).isEqualTo(404));
    }

    @Test
    @Order(2)
    void eventsReportedWhileTheControlPlaneIsFrozenWaitOnTheNodeAndArriveAfterwards() throws Exception {
        Platform.StreamNode node = platform.nodes.get(0);
        EventsApi owner = new EventsApi(platform.owner());
        // What was recorded before the freeze, by id: the node batches once a second, so an event that occurred
        // just before the freeze can still be among those it holds (a time window would miss it).
        Set<UUID> recordedBefore =
                owner.listEvents(null, EventType.CAMERA_REPORTED, null, null, 200, null).getItems().stream()
                        .map(Event::getId)
                        .collect(Collectors.toSet());
        Instant frozen = Instant.now();
        platform.pauseControlPlane();
        double held;
        Instant thawed;
        try {
            held = Await.value(
                    "events held by the node while the control plane is frozen",
                    Duration.ofSeconds(30),
                    () -> platform.metric(node, PENDING, CHANNEL),
                    n -> n >= 3);
        } finally {
            platform.resumeControlPlane();
            thawed = Instant.now();
        }
        double heldThen = held;
        Instant end = thawed;
        List<Event> during = Await.value(
                "the held events recorded",
                Duration.ofSeconds(60),
                () -> owner.listEvents(null, EventType.CAMERA_REPORTED, null, null, 200, null).getItems().stream()
                        .filter(e -> !recordedBefore.contains(e.getId())
                                && e.getOccurredAt().toInstant().isBefore(end))
                        .toList(),
                list -> list.size() >= heldThen);
        assertThat(during).extracting(Event::getCameraId).isSubsetOf(platform.liveCameras);
        System.out.printf(
                "e2e: control plane frozen %s; %d events held on the node, %d recorded afterwards%n",
                Duration.between(frozen, thawed), (long) held, during.size());
        assertThat(platform.metric(node, DROPPED, CHANNEL)).isZero();
        assertThat(platform.metric(node, PENDING, CHANNEL)).isLessThan(held);
    }

    /** Fetches the picture at {@code at} through a signed snapshot URL, as a client would, and keeps it. */
    private static Path snapshot(UUID camera, Instant at) throws Exception {
        PicturesApi pictures = new PicturesApi(platform.owner());
        HttpClient http = HttpClient.newHttpClient();
        // The moment may still be in the node's open fragment for a second or two.
        byte[] jpeg = Await.value(
                "the snapshot of camera " + camera + " at " + at,
                Duration.ofSeconds(30),
                () -> {
                    String url = pictures.createSnapshot(
                                    camera,
                                    new SnapshotRequest()
                                            .at(at.atOffset(java.time.ZoneOffset.UTC))
                                            .size(SnapshotSize._160))
                            .getUrl();
                    HttpResponse<byte[]> r = http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    return r.statusCode() == 200 ? r.body() : null;
                },
                body -> body != null);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)))
                .as("a decodable picture")
                .isNotNull();
        Path file = platform.out.resolve("event-" + camera + ".jpg");
        Files.write(file, jpeg);
        Pictures.assertCameraPicture(file);
        return file;
    }
}
