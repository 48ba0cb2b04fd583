package io.zonecam.control.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.SpecValidationFilter;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.CamerasApi;
import io.zonecam.sdk.api.DevicesApi;
import io.zonecam.sdk.api.KeysApi;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.api.OrganizationsApi;
import io.zonecam.sdk.api.PlaybackApi;
import io.zonecam.sdk.api.ZonesApi;
import io.zonecam.sdk.model.Camera;
import io.zonecam.sdk.model.CameraClaim;
import io.zonecam.sdk.model.CameraPage;
import io.zonecam.sdk.model.CameraRegistration;
import io.zonecam.sdk.model.CameraUpdate;
import io.zonecam.sdk.model.DeviceProvisioning;
import io.zonecam.sdk.model.DeviceProvisioningDevicesInner;
import io.zonecam.sdk.model.NodeRegistration;
import io.zonecam.sdk.model.OrganizationCreate;
import io.zonecam.sdk.model.OrganizationCreated;
import io.zonecam.sdk.model.PlaybackKind;
import io.zonecam.sdk.model.PlaybackUrl;
import io.zonecam.sdk.model.Problem;
import io.zonecam.sdk.model.RecordedPlaybackRequest;
import io.zonecam.sdk.model.ZoneCreate;
import io.zonecam.sdk.model.ZoneCreated;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PartnerSdkTest drives the running control plane through the generated Java SDK, as partners do. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class PartnerSdkTest {

    static ApiClient client(String header, String value) {
        ApiClient c = new ApiClient();
        c.updateBaseUri("http://localhost:" + RestAssured.port);
        c.setRequestInterceptor(b -> b.header(header, value));
        return c;
    }

    @Test
    void shouldRunAPartnersWholeFlowThroughTheSdk() throws Exception {
        String suffix = Fixtures.unique();
        String region = "sdk-" + suffix;
        ApiClient operator = client("Authorization", "Bearer " + Fixtures.operatorToken());
        OrganizationCreated org = new OrganizationsApi(operator)
                .createOrganization(new OrganizationCreate().name("SDK partner").region(region));
        ZoneCreated zone = new ZonesApi(operator)
                .createZone(new ZoneCreate().id("sdk-" + suffix).region(region).capacity(100));
        new NodesApi(client("X-Node-Key", zone.getNodeEnrollmentKey()))
                .registerNode(new NodeRegistration()
                        .zone(zone.getZone().getId())
                        .name("sdk-node")
                        .host("127.0.0.1")
                        .httpUrl("http://127.0.0.1:8080")
                        .rtspPort(8554)
                        .rtmpPort(1935)
                        .capacity(10));
        String serial = "SDK-" + suffix;
        new DevicesApi(operator)
                .provisionDevices(new DeviceProvisioning()
                        .devices(List.of(new DeviceProvisioningDevicesInner()
                                .serial(serial)
                                .claimCode("CLAIM-" + suffix)
                                .model("ZC-1"))));

        ApiClient partner = client("X-Api-Key", org.getApiKey().getKey());
        CamerasApi cameras = new CamerasApi(partner);
        CameraRegistration reg = cameras.registerCamera(new CameraClaim()
                .serial(serial)
                .claimCode("CLAIM-" + suffix)
                .name("Gate")
                .retentionDays(7));
        assertThat(reg.getCamera().getModel()).isEqualTo("ZC-1");
        assertThat(reg.getAssignment().getZone()).isEqualTo(zone.getZone().getId());

        Camera renamed = cameras.updateCamera(reg.getCamera().getId(), new CameraUpdate().name("Gate east"));
        assertThat(renamed.getName()).isEqualTo("Gate east");
        CameraPage page = cameras.listCameras(10, null, null, null, "gate", null);
        assertThat(page.getItems())
                .extracting(Camera::getId)
                .containsExactly(reg.getCamera().getId());

        PlaybackApi playback = new PlaybackApi(partner);
        PlaybackUrl live = playback.createLivePlayback(reg.getCamera().getId());
        assertThat(live.getKind()).isEqualTo(PlaybackKind.LIVE);
        assertThat(live.getUrl())
                .isEqualTo(
                        "http://127.0.0.1:8080/whep/cameras/" + reg.getCamera().getId());
        OffsetDateTime to = OffsetDateTime.now().minusMinutes(1);
        PlaybackUrl recorded = playback.createRecordedPlayback(
                reg.getCamera().getId(),
                new RecordedPlaybackRequest().from(to.minusMinutes(10)).to(to));
        assertThat(recorded.getClipUrl()).contains(".mp4?");

        assertThat(new KeysApi(client("X-Unused", "-")).getJwks().getKeys()).isNotEmpty();

        var token = new DevicesApi(client(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((reg.getCamera().getId() + ":"
                                                        + reg.getCredentials().getDeviceSecret())
                                                .getBytes())))
                .createDeviceToken();
        assertThat(token.getRtspUrl())
                .startsWith("rtsp://127.0.0.1:8554/live/" + reg.getCamera().getId() + "?token=");
    }

    @Test
    void shouldSurfaceProblemsAsSdkExceptions() {
        ApiClient partner = client("X-Api-Key", Fixtures.organization().ownerKey());
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> new CamerasApi(partner).getCamera(unknown))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    Problem problem = read(e.getResponseBody());
                    assertThat(problem.getDetail()).isEqualTo("No camera " + unknown + ".");
                    SpecValidationFilter.check(
                            "GET", "/v1/cameras/" + unknown, 404, "application/problem+json", e.getResponseBody());
                });
        assertThatThrownBy(() ->
                        new CamerasApi(client("X-Api-Key", "zk_bogus")).listCameras(null, null, null, null, null, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }

    static Problem read(String body) {
        try {
            return new ObjectMapper().findAndRegisterModules().readValue(body, Problem.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
