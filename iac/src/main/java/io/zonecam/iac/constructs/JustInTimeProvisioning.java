package io.zonecam.iac.constructs;

import static io.zonecam.iac.constructs.CameraIotPolicy.iotArn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iot.CfnCACertificate;
import software.constructs.Construct;

/**
 * JustInTimeProvisioning registers the platform CA with AWS IoT Core so that a certificate it issued is provisioned on
 * its first connection, without any API call per device: IoT creates the thing named by the certificate's CN (thing
 * type {@code zonecam-camera}, attributes {@code zone} = OU and {@code organization} = O), activates the certificate,
 * attaches it to the thing and attaches the camera and node policies (see {@link NodeIotPolicy} for why both).
 *
 * <p>The CA is registered in {@code SNI_ONLY} mode, which needs no proof-of-possession certificate (so the CA key
 * stays where it is) but requires every client to send the endpoint name in TLS SNI.
 */
public final class JustInTimeProvisioning extends Construct {
    /** Template parameters JITP fills from the connecting certificate. */
    public static final String CN = "AWS::IoT::Certificate::CommonName";

    public static final String OU = "AWS::IoT::Certificate::OrganizationalUnit";
    public static final String O = "AWS::IoT::Certificate::Organization";
    public static final String CERTIFICATE_ID = "AWS::IoT::Certificate::Id";

    /** The IoT actions the template's resources need, and nothing to delete or detach. */
    public static final List<String> ROLE_ACTIONS = List.of(
            "iot:CreateThing",
            "iot:DescribeThing",
            "iot:UpdateThing",
            "iot:DescribeCertificate",
            "iot:UpdateCertificate",
            "iot:AttachThingPrincipal",
            "iot:AttachPolicy",
            "iot:GetPolicy");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Role role;
    private final CfnCACertificate caCertificate;

    /** Registers {@code caCertificatePem}; the policies must exist under their names before the first device connects. */
    public JustInTimeProvisioning(
            Construct scope, String id, String caCertificatePem, CameraIotPolicy camera, NodeIotPolicy node) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .assumedBy(ServicePrincipal.Builder.create("iot.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build())
                .description("AWS IoT just-in-time provisioning of Zonecam device certificates")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ProvisionDevices")
                .actions(ROLE_ACTIONS)
                .resources(List.of(
                        iotArn("thing/*"),
                        iotArn("thingtype/" + CameraIotPolicy.THING_TYPE),
                        iotArn("cert/*"),
                        iotArn("policy/" + CameraIotPolicy.POLICY_NAME),
                        iotArn("policy/" + NodeIotPolicy.POLICY_NAME)))
                .build());
        caCertificate = CfnCACertificate.Builder.create(this, "PlatformCa")
                .caCertificatePem(caCertificatePem)
                .certificateMode("SNI_ONLY")
                .status("ACTIVE")
                .autoRegistrationStatus("ENABLE")
                .registrationConfig(CfnCACertificate.RegistrationConfigProperty.builder()
                        .roleArn(role.getRoleArn())
                        .templateBody(templateBody())
                        .build())
                .build();
        caCertificate.getNode().addDependency(camera, node, role);
    }

    /** The provisioning template (JSON): parameters from the certificate, the thing, the certificate, two policies. */
    public static String templateBody() {
        ObjectNode template = JSON.createObjectNode();
        ObjectNode parameters = template.putObject("Parameters");
        for (String p : List.of(CN, OU, O, CERTIFICATE_ID)) {
            parameters.putObject(p).put("Type", "String");
        }
        ObjectNode resources = template.putObject("Resources");
        ObjectNode thing = resources.putObject("thing");
        thing.put("Type", "AWS::IoT::Thing");
        ObjectNode thingProps = thing.putObject("Properties");
        thingProps.putObject("ThingName").put("Ref", CN);
        thingProps.put("ThingTypeName", CameraIotPolicy.THING_TYPE);
        ObjectNode attributes = thingProps.putObject("AttributePayload");
        attributes.putObject("zone").put("Ref", OU);
        attributes.putObject("organization").put("Ref", O);
        ObjectNode certificate = resources.putObject("certificate");
        certificate.put("Type", "AWS::IoT::Certificate");
        ObjectNode certProps = certificate.putObject("Properties");
        certProps.putObject("CertificateId").put("Ref", CERTIFICATE_ID);
        certProps.put("Status", "ACTIVE");
        for (String policyName : List.of(CameraIotPolicy.POLICY_NAME, NodeIotPolicy.POLICY_NAME)) {
            ObjectNode policy = resources.putObject(policyName.replace("-", ""));
            policy.put("Type", "AWS::IoT::Policy");
            policy.putObject("Properties").put("PolicyName", policyName);
        }
        try {
            return JSON.writeValueAsString(template);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Role role() {
        return role;
    }

    public CfnCACertificate caCertificate() {
        return caCertificate;
    }
}
