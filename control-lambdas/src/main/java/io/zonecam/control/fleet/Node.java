package io.zonecam.control.fleet;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Node is a stream node of a zone: where it listens, its lease, its last reported load and its state. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "nodes")
public class Node extends PanacheEntityBase {
    public static final String ACTIVE = "active";
    public static final String DRAINING = "draining";
    public static final String DRAINED = "drained";
    public static final String DEAD = "dead";

    @Id
    public UUID id;

    @Column(name = "zone_id", nullable = false)
    public String zoneId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String host;

    @Column(name = "http_url", nullable = false)
    public String httpUrl;

    @Column(name = "rtsp_port", nullable = false)
    public int rtspPort;

    @Column(name = "rtmp_port", nullable = false)
    public int rtmpPort;

    @Column(nullable = false)
    public int capacity;

    @Column(nullable = false)
    public String state;

    @Column(name = "assigned_cameras", nullable = false)
    public int assignedCameras;

    @Column(name = "load_cameras")
    public Integer loadCameras;

    @Column(name = "load_ingress_bps")
    public Long loadIngressBps;

    @Column(name = "load_egress_bps")
    public Long loadEgressBps;

    @Column(name = "load_viewers")
    public Integer loadViewers;

    @Column(name = "load_cpu")
    public Double loadCpu;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "lease_expires_at", nullable = false)
    public Instant leaseExpiresAt;

    @Column(name = "drain_started_at")
    public Instant drainStartedAt;

    /** True when the node takes new cameras now: active with a valid lease. */
    public boolean takesCameras(Instant now) {
        return ACTIVE.equals(state) && leaseExpiresAt.isAfter(now);
    }

    /** The RTSP publish URL of a camera on this node, without token. */
    public String rtspUrl(UUID cameraId) {
        return "rtsp://" + host + ":" + rtspPort + "/live/" + cameraId;
    }

    /** The RTMP publish URL of a camera on this node, without token. */
    public String rtmpUrl(UUID cameraId) {
        return "rtmp://" + host + ":" + rtmpPort + "/live/" + cameraId;
    }
}
