package io.zonecam.control.allocation;

import java.util.List;

/**
 * ZoneChooser picks the zone for a new camera: the organization's home zone while it has room (affinity keeps an
 * organization's cameras, and their faults, in one cell), otherwise the zone in the preferred region with the most
 * headroom, otherwise the zone with the most headroom anywhere.
 */
public final class ZoneChooser {

    private ZoneChooser() {}

    /** What the chooser needs to know of a zone. */
    public record Candidate(String id, String region, boolean open, int capacity, int cameras, int activeNodes) {
        boolean takesCameras() {
            return open && activeNodes > 0 && cameras < capacity;
        }

        double freeFraction() {
            return (capacity - cameras) / (double) capacity;
        }
    }

    /**
     * The chosen zone's index, or -1 when no zone can take a camera.
     *
     * @param homeZone the organization's home zone, or {@code null}
     * @param region   the preferred region, or {@code null} for any
     */
    public static int choose(List<Candidate> zones, String homeZone, String region) {
        if (homeZone != null) {
            for (int i = 0; i < zones.size(); i++) {
                Candidate z = zones.get(i);
                if (z.id().equals(homeZone) && z.takesCameras() && (region == null || region.equals(z.region()))) {
                    return i;
                }
            }
        }
        int inRegion = mostHeadroom(zones, region);
        return inRegion >= 0 || region == null ? inRegion : mostHeadroom(zones, null);
    }

    private static int mostHeadroom(List<Candidate> zones, String region) {
        int best = -1;
        double bestFree = -1;
        for (int i = 0; i < zones.size(); i++) {
            Candidate z = zones.get(i);
            if (z.takesCameras() && (region == null || region.equals(z.region())) && z.freeFraction() > bestFree) {
                bestFree = z.freeFraction();
                best = i;
            }
        }
        return best;
    }
}
