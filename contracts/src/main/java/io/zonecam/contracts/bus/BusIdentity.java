package io.zonecam.contracts.bus;

/**
 * BusIdentity is how a device-bus client certificate of the platform CA names its holder, which the brokers' policies
 * read (AWS IoT Core's just-in-time provisioning template and policies in iac/):
 * <pre>
 * camera:  CN = camera id (= IoT thing name = MQTT client id), OU = zone, O = organization id
 * node:    CN = node.{zone} (= thing name), SERIALNUMBER = node id, OU = zone, O = {@value #NODE_ORGANIZATION}
 * </pre>
 * A node's CN names its zone, not the node, so a broker ACL grants a zone's nodes with one entry while nodes come and
 * go; a node's MQTT client ids begin with its CN and a dash ({@code node.zone-a-<process uuid>-commands}), so the nodes
 * of a zone never take each other's connection.
 * The issuer must never put {@value #NODE_ORGANIZATION} in a camera certificate: the node policy grants on it.
 */
public final class BusIdentity {

    /** The subject O of every stream-node certificate; camera certificates carry their organization id there. */
    public static final String NODE_ORGANIZATION = "zonecam-nodes";

    private BusIdentity() {}
}
