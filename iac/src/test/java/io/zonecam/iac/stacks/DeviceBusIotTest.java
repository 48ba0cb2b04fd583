package io.zonecam.iac.stacks;

import static io.zonecam.iac.stacks.ControlPlaneStackTest.iotArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.iac.TestSupport;
import io.zonecam.iac.config.AppSettings;
import io.zonecam.iac.config.ZonesConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The device bus on IoT Core: the platform CA with just-in-time provisioning, and the node policy. */
class DeviceBusIotTest {
    private final Template cp = TestSupport.sample().controlPlane();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING = "${iot:Connection.Thing.ThingName}";

    @Test
    void platformCaIsRegisteredActiveWithAutoRegistrationAndTheProvisioningRole() throws Exception {
        Map<String, Map<String, Object>> cas = cp.findResources("AWS::IoT::CACertificate");
        assertThat(cas).hasSize(1);
        Map<String, Object> ca = cas.values().iterator().next();
        String pem = Files.readString(TestSupport.platformCa()).trim() + "\n";
        cp.hasResourceProperties(
                "AWS::IoT::CACertificate",
                Map.of(
                        "CACertificatePem", pem,
                        "CertificateMode", "SNI_ONLY",
                        "Status", "ACTIVE",
                        "AutoRegistrationStatus", "ENABLE",
                        "RegistrationConfig",
                                Map.of(
                                        "RoleArn",
                                        Map.of(
                                                "Fn::GetAtt",
                                                List.of(
                                                        TestSupport.logicalId(cp, "AWS::IAM::Role", "ProvisioningRole"),
                                                        "Arn")),
                                        "TemplateBody",
                                        Match.anyValue())));
        // Both policies exist before IoT may attach them to a first-connecting certificate.
        assertThat(TestSupport.json(ca.get("DependsOn")))
                .contains(TestSupport.logicalId(cp, "AWS::IoT::Policy", "CameraIotPolicy"))
                .contains(TestSupport.logicalId(cp, "AWS::IoT::Policy", "NodeIotPolicy"));
        // Only IoT itself, for this account, may assume the provisioning role.
        cp.hasResourceProperties(
                "AWS::IAM::Role",
                Match.objectLike(Map.of(
                        "AssumeRolePolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                List.of(Map.of(
                                        "Action",
                                        "sts:AssumeRole",
                                        "Effect",
                                        "Allow",
                                        "Principal",
                                        Map.of("Service", "iot.amazonaws.com"),
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))));
    }

    @Test
    void provisioningTemplateCreatesTheThingFromTheCertificateSubjectAndAttachesBothPolicies() throws Exception {
        Map<String, Object> ca =
                cp.findResources("AWS::IoT::CACertificate").values().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> config =
                (Map<String, Object>) ((Map<String, Object>) ca.get("Properties")).get("RegistrationConfig");
        JsonNode template = JSON.readTree((String) config.get("TemplateBody"));

        assertThat(names(template)).containsExactly("Parameters", "Resources");
        JsonNode params = template.get("Parameters");
        assertThat(names(params))
                .containsExactlyInAnyOrder(
                        "AWS::IoT::Certificate::CommonName",
                        "AWS::IoT::Certificate::OrganizationalUnit",
                        "AWS::IoT::Certificate::Organization",
                        "AWS::IoT::Certificate::Id");
        params.forEach(p -> assertThat(p.toString()).isEqualTo("{\"Type\":\"String\"}"));

        JsonNode resources = template.get("Resources");
        assertThat(names(resources)).containsExactly("thing", "certificate", "zonecamcamera", "zonecamnode");
        assertThat(resources.get("thing")).isEqualTo(JSON.readTree("""
                {"Type": "AWS::IoT::Thing", "Properties": {
                   "ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"},
                   "ThingTypeName": "zonecam-camera",
                   "AttributePayload": {
                     "zone": {"Ref": "AWS::IoT::Certificate::OrganizationalUnit"},
                     "organization": {"Ref": "AWS::IoT::Certificate::Organization"}}}}
                """));
        assertThat(resources.get("certificate")).isEqualTo(JSON.readTree("""
                {"Type": "AWS::IoT::Certificate", "Properties": {
                   "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}}
                """));
        assertThat(resources.get("zonecamcamera").toString())
                .isEqualTo("{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":\"zonecam-camera\"}}");
        assertThat(resources.get("zonecamnode").toString())
                .isEqualTo("{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":\"zonecam-node\"}}");
        // The template names the thing type and policies this stack creates.
        cp.hasResourceProperties("AWS::IoT::ThingType", Match.objectLike(Map.of("ThingTypeName", "zonecam-camera")));
        cp.hasResourceProperties("AWS::IoT::Policy", Match.objectLike(Map.of("PolicyName", "zonecam-node")));
    }

    @Test
    void nodePolicyGrantsOnlyNodeCertificatesTheCommandStateAndEventTopics() {
        Map<String, Object> nodesOnly =
                Map.of("StringEquals", Map.of("iot:Certificate.Subject.Organization", "zonecam-nodes"));
        String root = Topics.ROOT + "/";
        cp.hasResourceProperties(
                "AWS::IoT::Policy",
                TestSupport.iotPolicy(
                        "zonecam-node",
                        List.of(
                                statement(
                                        "ConnectAsItself",
                                        "iot:Connect",
                                        "client/${iot:Certificate.Subject.CommonName}-*",
                                        nodesOnly),
                                statement(
                                        "PublishCameraCommands",
                                        "iot:Publish",
                                        "topic/" + root + "*/commands",
                                        nodesOnly),
                                statement(
                                        "SubscribeCameraStates",
                                        "iot:Subscribe",
                                        "topicfilter/$share/zonecam-nodes/" + root + "+/state",
                                        nodesOnly),
                                statement("ReceiveCameraStates", "iot:Receive", "topic/" + root + "*/state", nodesOnly),
                                statement(
                                        "SubscribeCameraEvents",
                                        "iot:Subscribe",
                                        "topicfilter/$share/zonecam-nodes/" + root + "+/events",
                                        nodesOnly),
                                statement(
                                        "ReceiveCameraEvents",
                                        "iot:Receive",
                                        "topic/" + root + "*/events",
                                        nodesOnly))));
    }

    @Test
    void aFileThatIsNotACaCertificateFailsSynthesis() throws Exception {
        Path leaf = TestSupport.selfSigned("/CN=not-a-ca", "basicConstraints=critical,CA:FALSE");
        assertThatThrownBy(() -> TestSupport.build(
                        Path.of("zones.json"), Map.of(AppSettings.PLATFORM_CA_CERTIFICATE_FILE, leaf.toString())))
                .isInstanceOf(ZonesConfigException.class)
                .hasMessageContaining("is not a CA certificate");
        assertThatThrownBy(() -> TestSupport.build(
                        Path.of("zones.json"),
                        Map.of(
                                AppSettings.PLATFORM_CA_CERTIFICATE_FILE,
                                TestSupport.cdnPublicKey().toString())))
                .isInstanceOf(ZonesConfigException.class)
                .hasMessageContaining("must hold exactly one PEM certificate");
    }

    private static Map<String, Object> statement(String sid, String action, String resource, Object condition) {
        return Map.of(
                "Sid", sid, "Effect", "Allow", "Action", action, "Resource", iotArn(resource), "Condition", condition);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
