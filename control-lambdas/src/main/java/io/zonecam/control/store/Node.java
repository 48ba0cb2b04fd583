package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** Node is a stream node of a zone: where it listens, its lease, its last reported load and its state. */
@Entity
@DynamicUpdate
@Table(name = "nodes")
public class Node extends PanacheEntityBase {
    public static final String ACTIVE = "active";
    public static final String DRAINING = "draining";
    public static final String DRAINED = "drained";
    public static final String DEAD = "dead";

    @Id
    public UUID id;

    public String zoneId;
    public String name;
    /** Where cameras publish: {@code rtsp://host:rtspPort/...}, {@code rtmp://host:rtmpPort/...}. */
    public String host;

    public String httpUrl;
    public int rtspPort;
    public int rtmpPort;
    public int capacity;
    public String state;
    /** Cameras assigned here (kept equal to the cameras table by the allocation's recount). */
    public int assignedCameras;

    /** The load of the last heartbeat (null before the first). */
    public Integer loadCameras;

    public Long loadIngressBps;
    public Long loadEgressBps;
    public Integer loadViewers;
    public Double loadCpu;
    public Instant registeredAt;
    /**
     * When it last began to take cameras: first registration, return from death or a drain, or a cancelled drain (a
     * rebalance draws only cameras placed before); null for rows written without it.
     */
    public Instant joinedAt;

    public Instant lastHeartbeatAt;
    public Instant leaseExpiresAt;
    public Instant drainStartedAt;
    /** When a sweep found its lease run out (a later sweep confirms the death); null while it is heard from. */
    public Instant suspectSince;

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
