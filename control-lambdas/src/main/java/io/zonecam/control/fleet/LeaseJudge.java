package io.zonecam.control.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * LeaseJudge decides, from the control plane's own view, what a sweep does with a node: a node is declared dead
 * only on evidence gathered while the control plane itself was up and receiving.
 *
 * <ul>
 *   <li>The zone's <em>watch</em> is the control plane's unbroken view of it: it (re)starts when the control plane
 *       handles a node call of the zone after a gap longer than {@code fleet.blind-after} (it was paused, its
 *       database was down, it was cut off, or it just started). No lease is judged expired until the watch is one
 *       lease old, so after such a gap every node has a full lease to be heard from.
 *   <li>A node whose lease ran out within the watch is first <em>suspected</em>: nothing moves.
 *   <li>A later sweep at least {@code fleet.confirm} after the suspicion, in the same watch (so the zone's other
 *       nodes kept heartbeating all along: sweeps run on their heartbeats), confirms it: the node is dead and its
 *       cameras move.
 * </ul>
 *
 * <p>Kubernetes' node lifecycle controller reasons alike: it times a node's health by its own observation, not by
 * the node's report, and gives every node a full grace period after the controller starts.
 */
public record LeaseJudge(Duration lease, Duration confirm) {

    /** What a sweep does with a node. */
    public enum Verdict {
        /** Its lease is valid, or the control plane has not watched the zone for a full lease yet: nothing. */
        ALIVE,
        /** Its lease ran out within the watch and nobody suspected it in this watch: suspect it now. */
        SUSPECT,
        /** Suspected in this watch less than {@code confirm} ago: wait for a later sweep. */
        SUSPECTED,
        /** Suspected in this watch at least {@code confirm} ago and still silent: declare it dead. */
        DEAD
    }

    /**
     * The verdict of a sweep at {@code now} (the control plane's clock).
     *
     * @param watchedSince when the control plane's current unbroken watch of the zone began
     * @param leaseExpires the node's lease deadline
     * @param suspectSince when a sweep suspected the node, or null
     */
    public Verdict judge(Instant now, Instant watchedSince, Instant leaseExpires, Instant suspectSince) {
        if (!leaseExpires.isBefore(now) || !watchedSince.plus(lease).isBefore(now)) {
            return Verdict.ALIVE;
        }
        if (suspectSince == null || suspectSince.isBefore(watchedSince)) {
            return Verdict.SUSPECT;
        }
        return Duration.between(suspectSince, now).compareTo(confirm) >= 0 ? Verdict.DEAD : Verdict.SUSPECTED;
    }
}
