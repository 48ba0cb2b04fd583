package io.zonecam.iac.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.iac.TestSupport;
import io.zonecam.iac.config.AppSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ControlPlaneStackTest {
    private final Template cp = TestSupport.sample().controlPlane();

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    @Test
    void threeRouteGroupsRunJava21WithSnapStartInPrivateSubnets() {
        for (String group : List.of("registration", "fleet", "playback")) {
            cp.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Match.objectLike(Map.of(
                            "Runtime",
                            "java21",
                            "Handler",
                            HANDLER,
                            "MemorySize",
                            2048,
                            "Timeout",
                            29,
                            "Architectures",
                            List.of("arm64"),
                            "SnapStart",
                            Map.of("ApplyOn", "PublishedVersions"),
                            "VpcConfig",
                            Match.objectLike(Map.of("SubnetIds", Match.anyValue())),
                            "Environment",
                            Map.of(
                                    "Variables",
                                    Match.objectLike(Map.of(
                                            "ZONECAM_ROUTE_GROUP", group,
                                            "QUARKUS_PROFILE", "prod",
                                            "QUARKUS_DATASOURCE_REACTIVE_URL", Match.anyValue(),
                                            "ZONECAM_DB_SECRET_ARN", Match.anyValue(),
                                            "ZONECAM_TOKENS_SIGNING_KEY_SECRET_ARN", Match.anyValue(),
                                            "ZONECAM_SECRETS_PEPPER_SECRET_ARN", Match.anyValue(),
                                            "ZONECAM_TOKENS_ISSUER", "https://api.zonecam.io"))))));
        }
        cp.resourceCountIs("AWS::Lambda::Alias", 3);
        cp.allResourcesProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        // The database URL points at the RDS Proxy endpoint, database zonecam.
        assertThat(TestSupport.json(cp.findResources("AWS::Lambda::Function")))
                .contains("\"postgresql://\",{\"Fn::ImportValue\":\"zonecam-data:ExportsOutputFnGetAttDatabaseProxy")
                .contains(":5432/zonecam\"");
    }

    @Test
    void playbackAloneGetsTheCdnSigningKeyAndFleetAloneTheEnrollmentKeys() {
        cp.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "ZONECAM_ROUTE_GROUP", "playback",
                                        "ZONECAM_PLAYBACK_CDN_DOMAIN", Match.anyValue(),
                                        "ZONECAM_PLAYBACK_CDN_KEY_PAIR_ID", Match.anyValue(),
                                        "ZONECAM_PLAYBACK_CDN_SIGNING_KEY_SECRET_ARN", Match.anyValue()))))));
        String playbackPolicy = TestSupport.json(policyOf("Playback"));
        String registrationPolicy = TestSupport.json(policyOf("Registration"));
        String fleetPolicy = TestSupport.json(policyOf("Fleet"));
        assertThat(playbackPolicy)
                .contains("PlaybackCdnSigningKey")
                .doesNotContain("iot:")
                .doesNotContain("node-enrollment-key");
        assertThat(registrationPolicy).doesNotContain("PlaybackCdnSigningKey").doesNotContain("node-enrollment-key");
        // The control plane checks node keys against their hashes in the database; it never reads the secrets.
        assertThat(fleetPolicy).doesNotContain("PlaybackCdnSigningKey").doesNotContain("node-enrollment-key");
    }

    @Test
    void nativeFlagSwitchesToProvidedAl2023WithoutSnapStart() {
        var stacks = TestSupport.build(Path.of("zones.json"), Map.of(AppSettings.NATIVE, "true"));
        Template nativeCp = Template.fromStack(stacks.controlPlane());
        assertThat(nativeCp.findResources(
                        "AWS::Lambda::Function",
                        Map.of(
                                "Properties",
                                Match.objectLike(Map.of(
                                        "Handler",
                                        HANDLER,
                                        "Runtime",
                                        "provided.al2023",
                                        "Architectures",
                                        List.of("x86_64"),
                                        "SnapStart",
                                        Match.absent())))))
                .hasSize(3);
        assertThat(nativeCp.findResources(
                        "AWS::Lambda::Function", Map.of("Properties", Match.objectLike(Map.of("Runtime", "java21")))))
                .isEmpty();
        nativeCp.resourceCountIs("AWS::Lambda::Alias", 3);
    }

    @Test
    void routesSendEachPathToItsGroup() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("ANY /v1/cameras", "Registration"),
                Map.entry("ANY /v1/cameras/{proxy+}", "Registration"),
                Map.entry("ANY /v1/devices/{proxy+}", "Registration"),
                Map.entry("ANY /v1/organizations/{proxy+}", "Registration"),
                Map.entry("ANY /v1/api-keys", "Registration"),
                Map.entry("ANY /v1/certificates", "Registration"),
                Map.entry("ANY /v1/certificates/{proxy+}", "Registration"),
                Map.entry("ANY /v1/events", "Registration"),
                Map.entry("ANY /v1/zones/{proxy+}", "Fleet"),
                Map.entry("ANY /v1/nodes/{proxy+}", "Fleet"),
                Map.entry("ANY /v1/drains", "Fleet"),
                Map.entry("ANY /v1/cameras/{cameraId}/playback/{proxy+}", "Playback"),
                Map.entry("ANY /v1/shares", "Playback"),
                Map.entry("ANY /v1/shares/{proxy+}", "Playback"),
                Map.entry("ANY /.well-known/jwks.json", "Playback"));
        Map<String, Map<String, Object>> routes = cp.findResources("AWS::ApiGatewayV2::Route");
        assertThat(routes).hasSize(23);
        Map<String, Map<String, Object>> integrations = cp.findResources("AWS::ApiGatewayV2::Integration");
        expected.forEach((routeKey, group) -> {
            String route = routes.values().stream()
                    .map(TestSupport::json)
                    .filter(j -> j.contains("\"RouteKey\":\"" + routeKey + "\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no route " + routeKey));
            String integrationId = integrations.keySet().stream()
                    .filter(route::contains)
                    .findFirst()
                    .orElseThrow();
            assertThat(TestSupport.json(integrations.get(integrationId)))
                    .as(routeKey)
                    .contains(group + "Live")
                    .contains("\"IntegrationType\":\"AWS_PROXY\"");
        });
        cp.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Match.objectLike(Map.of(
                        "ProtocolType",
                        "HTTP",
                        "CorsConfiguration",
                        Match.objectLike(
                                Map.of("AllowHeaders", List.of("Authorization", "Content-Type", "X-Api-Key"))))));
    }

    @Test
    void functionsTalkOnlyToTheProxyAndHttps() {
        cp.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Match.objectLike(Map.of(
                        "SecurityGroupEgress",
                                List.of(Match.objectLike(Map.of(
                                        "CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443))),
                        "SecurityGroupIngress", Match.absent())));
        cp.hasResourceProperties(
                "AWS::EC2::SecurityGroupEgress",
                Match.objectLike(
                        Map.of("FromPort", 5432, "ToPort", 5432, "DestinationSecurityGroupId", Match.anyValue())));
        cp.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of("FromPort", 5432, "ToPort", 5432, "SourceSecurityGroupId", Match.anyValue())));
    }

    @Test
    void cameraPolicyScopesEveryActionToTheConnectingThing() {
        String thing = "${iot:Connection.Thing.ThingName}";
        cp.hasResourceProperties(
                "AWS::IoT::ThingType",
                Map.of("ThingTypeName", "zonecam-camera", "ThingTypeProperties", Match.anyValue()));
        cp.hasResourceProperties(
                "AWS::IoT::Policy",
                Map.of(
                        "PolicyName",
                        "zonecam-camera",
                        "PolicyDocument",
                        Map.of(
                                "Version",
                                "2012-10-17",
                                "Statement",
                                List.of(
                                        Map.of(
                                                "Sid",
                                                "ConnectAsItself",
                                                "Effect",
                                                "Allow",
                                                "Action",
                                                "iot:Connect",
                                                "Resource",
                                                iotArn("client/" + thing),
                                                "Condition",
                                                Map.of(
                                                        "Bool", Map.of("iot:Connection.Thing.IsAttached", "true"),
                                                        "StringEquals",
                                                                Map.of(
                                                                        "iot:Connection.Thing.ThingTypeName",
                                                                        "zonecam-camera"))),
                                        Map.of(
                                                "Sid",
                                                "PublishOwnState",
                                                "Effect",
                                                "Allow",
                                                "Action",
                                                List.of("iot:Publish", "iot:RetainPublish"),
                                                "Resource",
                                                iotArn("topic/zonecam/v1/cameras/" + thing + "/state")),
                                        Map.of(
                                                "Sid",
                                                "PublishOwnEvents",
                                                "Effect",
                                                "Allow",
                                                "Action",
                                                "iot:Publish",
                                                "Resource",
                                                iotArn("topic/zonecam/v1/cameras/" + thing + "/events")),
                                        Map.of(
                                                "Sid",
                                                "SubscribeOwnCommands",
                                                "Effect",
                                                "Allow",
                                                "Action",
                                                "iot:Subscribe",
                                                "Resource",
                                                iotArn("topicfilter/zonecam/v1/cameras/" + thing + "/commands")),
                                        Map.of(
                                                "Sid",
                                                "ReceiveOwnCommands",
                                                "Effect",
                                                "Allow",
                                                "Action",
                                                "iot:Receive",
                                                "Resource",
                                                iotArn("topic/zonecam/v1/cameras/" + thing + "/commands"))))));
        // No wildcard anywhere in the camera policy: every resource ends in the thing's own name or topic.
        String doc = TestSupport.json(cp.findResources(
                "AWS::IoT::Policy", Map.of("Properties", Match.objectLike(Map.of("PolicyName", "zonecam-camera")))));
        assertThat(doc).contains("zonecam-camera").doesNotContain("*");
    }

    @Test
    void onlyRevokersMayDeactivateCertificatesAndNothingElseOnIot() {
        for (String group : List.of("Registration", "Fleet")) {
            assertThat(TestSupport.json(policyOf(group)))
                    .contains("{\"Action\":\"iot:UpdateCertificate\",\"Effect\":\"Allow\",\"Resource\":"
                            + TestSupport.json(iotArn("cert/*")) + ",\"Sid\":\"DeactivateRevokedCertificates\"}");
        }
        // No function publishes on the bus or touches things: JITP creates them, nodes send the commands.
        TestSupport.actionsByRole(cp).forEach((role, actions) -> {
            List<String> iot =
                    actions.stream().filter(a -> a.startsWith("iot:")).toList();
            if (role.startsWith("Registration") || role.startsWith("Fleet")) {
                assertThat(iot).as(role).containsExactly("iot:UpdateCertificate");
            } else if (role.startsWith("Playback")) {
                assertThat(iot).as(role).isEmpty();
            }
        });
    }

    static Map<String, Object> iotArn(String resource) {
        return Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                "arn:",
                                Map.of("Ref", "AWS::Partition"),
                                ":iot:",
                                Map.of("Ref", "AWS::Region"),
                                ":",
                                Map.of("Ref", "AWS::AccountId"),
                                ":" + resource)));
    }

    private Map<String, Object> policyOf(String group) {
        return cp.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith(group + "FunctionServiceRoleDefaultPolicy"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
    }
}
