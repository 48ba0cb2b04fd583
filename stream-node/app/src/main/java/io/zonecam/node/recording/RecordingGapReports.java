package io.zonecam.node.recording;

import io.zonecam.node.report.ControlPlaneReports;
import io.zonecam.node.report.ReportChannel;
import io.zonecam.recording.RecordingHealth;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.CameraReport;
import io.zonecam.sdk.model.CameraReports;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * RecordingGapReports tells the control plane when a recorder stops writing a camera it still receives and when it
 * writes again ({@code recording-failed} / {@code recording-resumed}, which begin and end a {@code recording.gap} with
 * reason {@code recording-failed}). Queued on a report channel, in order, so the recorder's thread never waits on the
 * control plane. The other gap reasons (the camera stopped publishing, the node was lost) are the control plane's to
 * see: it alone knows whether the camera went on publishing to another node.
 */
@ApplicationScoped
public class RecordingGapReports implements RecordingHealth {

    private static final Logger LOG = Logger.getLogger(RecordingGapReports.class);

    /** Failures and recoveries are rare (two per incident per camera); this holds a long outage of many. */
    static final int CAPACITY = 4_000;
    /** The control plane's largest batch (CameraReports.maxItems). */
    static final int MAX_BATCH = 500;

    private final ReportChannel<CameraReport> channel;

    public RecordingGapReports(ControlPlaneReports reports) {
        NodesApi nodes = reports.client().map(NodesApi::new).orElse(null);
        this.channel =
                reports.channel("recording-gaps", CAPACITY, MAX_BATCH, (nodeId, batch) -> send(nodes, nodeId, batch));
    }

    @Override
    public void failed(String cameraId, Instant at, String detail) {
        offer(report(cameraId, CameraReport.KindEnum.RECORDING_FAILED, at, detail));
    }

    @Override
    public void resumed(String cameraId, Instant at) {
        offer(report(cameraId, CameraReport.KindEnum.RECORDING_RESUMED, at, null));
    }

    private void offer(CameraReport report) {
        if (report != null) {
            channel.offer(report); // a full queue counts its own drops; standalone, nobody to tell
        }
    }

    /** The control plane's report, or null for a camera id that is not one of its ids (a simulator's free-form id). */
    static CameraReport report(String cameraId, CameraReport.KindEnum kind, Instant at, String detail) {
        UUID camera;
        try {
            camera = UUID.fromString(cameraId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new CameraReport()
                .id(UUID.randomUUID()) // so a batch resent after a timeout is applied once
                .cameraId(camera)
                .kind(kind)
                .occurredAt(at.atOffset(ZoneOffset.UTC))
                .detail(detail);
    }

    private static void send(NodesApi nodes, UUID nodeId, List<CameraReport> batch) throws ApiException {
        var result = nodes.reportCameraEvents(nodeId, new CameraReports().reports(batch));
        if (result.getUnknownCamera() > 0) {
            LOG.debugf(
                    "control plane took %d recorder reports, %d of cameras no longer at this node",
                    result.getAccepted(), result.getUnknownCamera());
        }
    }
}
