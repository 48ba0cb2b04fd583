package io.zonecam.node.recording;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * CameraRetention knows how many days each camera's recordings are kept: the fleet agent hands it the retention of
 * every camera assigned here whenever it learns the assignments; until then a camera gets the configured default.
 * Recording reads it and never asks the fleet, so the dependency points one way (fleet → recording).
 */
@ApplicationScoped
public class CameraRetention {

    private final int defaultDays;
    private final Map<String, Integer> days = new ConcurrentHashMap<>();

    public CameraRetention(NodeConfig config) {
        this.defaultDays = config.recording().defaultRetentionDays();
    }

    /** Replaces what is known with the retention days of the cameras now assigned to this node. */
    public void assigned(Map<String, Integer> retentionDaysByCamera) {
        days.keySet().retainAll(retentionDaysByCamera.keySet());
        days.putAll(retentionDaysByCamera);
    }

    /** Retention days of a camera from its assignment, or the configured default while unknown. */
    public int days(String cameraId) {
        return days.getOrDefault(cameraId, defaultDays);
    }

    /** The assigned cameras whose retention no bucket lifecycle rule covers, with their days. */
    public Map<String, Integer> custom() {
        return days.entrySet().stream()
                .filter(e -> RetentionClass.forDays(e.getValue()) == RetentionClass.CUSTOM)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
