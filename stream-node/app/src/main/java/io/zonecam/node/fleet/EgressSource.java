package io.zonecam.node.fleet;

/** EgressSource tells the fleet agent how much the node sends to viewers; the live fan-out provides it. */
public interface EgressSource {

    /** Bytes sent to viewers since start. */
    long egressBytes();

    /** Viewers connected now. */
    int viewers();
}
