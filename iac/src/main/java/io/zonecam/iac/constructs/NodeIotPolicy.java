package io.zonecam.iac.constructs;

import static io.zonecam.iac.constructs.CameraIotPolicy.TOPIC_ROOT;
import static io.zonecam.iac.constructs.CameraIotPolicy.iotArn;

import io.zonecam.contracts.bus.BusIdentity;
import io.zonecam.contracts.bus.Topics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iot.CfnPolicy;
import software.constructs.Construct;

/**
 * NodeIotPolicy is the stream nodes' policy on AWS IoT Core: connect as its own thing, publish camera commands,
 * subscribe to and receive camera states and events. Just-in-time provisioning attaches it, with the camera policy, to every
 * certificate of the platform CA (a template cannot choose by certificate), so every statement requires the node
 * subject {@code O=}{@value BusIdentity#NODE_ORGANIZATION}; a camera certificate gets nothing from it.
 *
 * <p>Command topics carry no zone, so IoT cannot limit a node to its own zone's cameras: any node may publish to any
 * camera's command topic.
 */
public final class NodeIotPolicy extends Construct {
    public static final String POLICY_NAME = "zonecam-node";
    /** The CN of the connecting certificate: a node's is node.<zone> ({@link BusIdentity}). */
    public static final String NODE_CN = "${iot:Certificate.Subject.CommonName}";
    /** The condition every statement carries: the certificate subject says it is a node's. */
    public static final Map<String, Object> NODES_ONLY =
            Map.of("StringEquals", Map.of("iot:Certificate.Subject.Organization", BusIdentity.NODE_ORGANIZATION));

    private final CfnPolicy policy;

    public NodeIotPolicy(Construct scope, String id) {
        super(scope, id);
        PolicyDocument doc = PolicyDocument.Builder.create()
                .statements(List.of(
                        // A node's client ids begin with its certificate's CN (node.<zone>) and a dash (BusIdentity).
                        statement("ConnectAsItself", "iot:Connect", iotArn("client/" + NODE_CN + "-*")),
                        statement("PublishCameraCommands", "iot:Publish", anyCamera(Topics.COMMANDS)),
                        // The node subscribes with exactly Topics.nodeStates(); IoT reads '+' in a policy literally.
                        statement(
                                "SubscribeCameraStates", "iot:Subscribe", iotArn("topicfilter/" + Topics.nodeStates())),
                        statement("ReceiveCameraStates", "iot:Receive", anyCamera(Topics.STATE)),
                        // Likewise exactly Topics.nodeEvents().
                        statement(
                                "SubscribeCameraEvents", "iot:Subscribe", iotArn("topicfilter/" + Topics.nodeEvents())),
                        statement("ReceiveCameraEvents", "iot:Receive", anyCamera(Topics.EVENTS))))
                .build();
        policy = CfnPolicy.Builder.create(this, "Policy")
                .policyName(POLICY_NAME)
                .policyDocument(doc)
                .build();
    }

    /** The ARN of one topic of every camera: a wildcard stands for the camera id. */
    private static String anyCamera(String topic) {
        return iotArn("topic/" + TOPIC_ROOT + "*/" + topic);
    }

    private static PolicyStatement statement(String sid, String action, String resource) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(action))
                .resources(List.of(resource))
                .conditions(NODES_ONLY)
                .build();
    }

    public CfnPolicy policy() {
        return policy;
    }
}
