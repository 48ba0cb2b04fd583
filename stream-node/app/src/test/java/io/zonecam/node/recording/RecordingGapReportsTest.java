package io.zonecam.node.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.recording.RecordingHealth;
import io.zonecam.sdk.model.CameraReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the control plane is told when a recorder fails and recovers (the recorder's side: SpoolDiskFullTest). */
class RecordingGapReportsTest {

    static final Instant AT = Instant.parse("2026-12-06T10:00:00.040Z");

    @Test
    void shouldReportAFailureWithItsDetailAndAnIdThatMakesAResendHarmless() {
        UUID camera = UUID.randomUUID();
        CameraReport r = RecordingGapReports.report(
                camera.toString(), CameraReport.KindEnum.RECORDING_FAILED, AT, RecordingHealth.DISK_FULL);
        assertThat(r.getCameraId()).isEqualTo(camera);
        assertThat(r.getKind()).isEqualTo(CameraReport.KindEnum.RECORDING_FAILED);
        assertThat(r.getDetail()).isEqualTo("disk-full");
        assertThat(r.getOccurredAt()).isEqualTo(AT.atOffset(ZoneOffset.UTC));
        assertThat(r.getId()).isNotNull();
        assertThat(RecordingGapReports.report(camera.toString(), CameraReport.KindEnum.RECORDING_FAILED, AT, null)
                        .getId())
                .isNotEqualTo(r.getId());
    }

    @Test
    void shouldTellNothingOfACameraTheControlPlaneCannotKnow() {
        assertThat(RecordingGapReports.report("sim-cam-1", CameraReport.KindEnum.RECORDING_RESUMED, AT, null))
                .isNull();
    }
}
