package io.zonecam.iac.constructs;

import io.zonecam.contracts.bus.Topics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iot.CfnPolicy;
import software.amazon.awscdk.services.iot.CfnThingType;
import software.constructs.Construct;

/**
 * CameraIotPolicy is the camera side of the device bus on AWS IoT Core: the {@code zonecam-camera} thing type and the
 * policy that just-in-time provisioning attaches to every certificate of the platform CA, which lets a camera
 * connect only as its own thing and use only its own three topics ({@link Topics}): subscribe to and receive
 * {@code <root>/<thingName>/commands}, publish (and retain, for its last will) {@code <root>/<thingName>/state}, and
 * publish (never retain) {@code <root>/<thingName>/events}.
 */
public final class CameraIotPolicy extends Construct {
    public static final String THING_TYPE = "zonecam-camera";
    public static final String POLICY_NAME = "zonecam-camera";
    /** The per-camera topic root with its trailing slash. */
    public static final String TOPIC_ROOT = Topics.ROOT + "/";
    /** IoT policy variable: the thing attached to the connecting certificate, i.e. the camera id. */
    public static final String THING = "${iot:Connection.Thing.ThingName}";

    private final CfnThingType thingType;
    private final CfnPolicy policy;

    public CameraIotPolicy(Construct scope, String id) {
        super(scope, id);
        thingType = CfnThingType.Builder.create(this, "ThingType")
                .thingTypeName(THING_TYPE)
                .thingTypeProperties(CfnThingType.ThingTypePropertiesProperty.builder()
                        .thingTypeDescription("A Zonecam IP camera; the thing name is the camera id")
                        .build())
                .build();
        PolicyDocument doc = PolicyDocument.Builder.create()
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("ConnectAsItself")
                                .effect(Effect.ALLOW)
                                .actions(List.of("iot:Connect"))
                                .resources(List.of(iotArn("client/" + THING)))
                                .conditions(Map.of(
                                        "Bool", Map.of("iot:Connection.Thing.IsAttached", "true"),
                                        "StringEquals", Map.of("iot:Connection.Thing.ThingTypeName", THING_TYPE)))
                                .build(),
                        allow("PublishOwnState", own("topic", Topics.STATE), "iot:Publish", "iot:RetainPublish"),
                        allow("PublishOwnEvents", own("topic", Topics.EVENTS), "iot:Publish"),
                        allow("SubscribeOwnCommands", own("topicfilter", Topics.COMMANDS), "iot:Subscribe"),
                        allow("ReceiveOwnCommands", own("topic", Topics.COMMANDS), "iot:Receive")))
                .build();
        policy = CfnPolicy.Builder.create(this, "Policy")
                .policyName(POLICY_NAME)
                .policyDocument(doc)
                .build();
    }

    /** The ARN of one of the connecting camera's own topics, as a {@code topic} or a {@code topicfilter}. */
    private static String own(String kind, String topic) {
        return iotArn(kind + "/" + TOPIC_ROOT + THING + "/" + topic);
    }

    private static PolicyStatement allow(String sid, String resource, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(List.of(resource))
                .build();
    }

    /** An IoT ARN in this account and region, e.g. {@code iotArn("topic/a/b")}. */
    public static String iotArn(String resource) {
        return Fn.join("", List.of("arn:", Aws.PARTITION, ":iot:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":", resource));
    }

    public CfnThingType thingType() {
        return thingType;
    }

    public CfnPolicy policy() {
        return policy;
    }
}
