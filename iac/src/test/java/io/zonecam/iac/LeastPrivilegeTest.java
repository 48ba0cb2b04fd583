package io.zonecam.iac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** No IAM statement in any stack grants a wildcard on S3, IoT or KMS where AWS offers something narrower. */
class LeastPrivilegeTest {
    /** Actions AWS accepts only on "*" (no resource-level permissions); each one is justified where it is granted. */
    static final Set<String> ONLY_ON_ANY_RESOURCE = Set.of(
            "iot:DescribeEndpoint", // the IotEndpoint custom resource
            "secretsmanager:GetRandomPassword"); // added by CDK to the rotation function's role

    private static List<Template> all() {
        TestSupport.Sample s = TestSupport.sample();
        List<Template> t = new ArrayList<>(List.of(s.data(), s.controlPlane()));
        t.addAll(s.zones().values());
        return t;
    }

    private static final String BASIC = "managed:AWSLambdaBasicExecutionRole";
    private static final String VPC = "managed:AWSLambdaVPCAccessExecutionRole";

    /**
     * Every role of every stack, by logical-id prefix, with exactly the actions it is allowed. Each action has code
     * behind it: the control plane reads secrets (SecretsManagerConfigSourceFactory, GetSecretValue) and deactivates
     * revoked certificates (UpdateCertificate); the node uploads and reads recordings (S3ObjectStore: PutObject,
     * GetObject/HeadObject, ListObjectsV2) and its zone key (ZoneNodeKey, drain.sh); the CloudWatch and CodeDeploy
     * agents, RDS Proxy, IoT's provisioning and CDK's own custom resources use the rest.
     */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "DatabaseProxyIAMRole",
            Set.of("kms:Decrypt", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
            // GetRandomPassword is added by CDK's RotationSchedule; the rotation function makes its keys itself.
            "TokenSigningKeyRotationServiceRole",
            Set.of(
                    BASIC,
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetRandomPassword",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecretVersionStage"),
            "AWS679f53fac002430cb0da5b7982bd2287ServiceRole",
            Set.of(BASIC, "iot:DescribeEndpoint"),
            "RegistrationFunctionServiceRole",
            Set.of(BASIC, VPC, "iot:UpdateCertificate", "kms:Decrypt", "secretsmanager:GetSecretValue"),
            "FleetFunctionServiceRole",
            Set.of(BASIC, VPC, "iot:UpdateCertificate", "kms:Decrypt", "secretsmanager:GetSecretValue"),
            "PlaybackFunctionServiceRole",
            Set.of(BASIC, VPC, "kms:Decrypt", "secretsmanager:GetSecretValue"),
            "ProvisioningRole",
            Set.of(
                    "iot:AttachPolicy",
                    "iot:AttachThingPrincipal",
                    "iot:CreateThing",
                    "iot:DescribeCertificate",
                    "iot:DescribeThing",
                    "iot:GetPolicy",
                    "iot:UpdateCertificate",
                    "iot:UpdateThing"),
            "DeployGroupRole",
            Set.of("managed:AWSCodeDeployRole"),
            "FleetInstanceRole",
            Set.of(
                    "managed:AmazonSSMManagedInstanceCore",
                    "logs:CreateLogStream",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:ListBucket",
                    "s3:PutObject",
                    "secretsmanager:GetSecretValue"),
            "CustomS3AutoDeleteObjectsCustomResourceProviderRole",
            Set.of(BASIC));

    /**
     * CDK's BucketDeployment of the viewer stack (copies the built viewer to its bucket and invalidates CloudFront):
     * its provider's role exists only when the viewer assets are built, so it is checked when present.
     */
    static final String VIEWER_DEPLOYMENT = "CustomCDKBucketDeployment";

    static final Set<String> VIEWER_DEPLOYMENT_ACTIONS = Set.of(
            BASIC,
            "cloudfront:CreateInvalidation",
            "cloudfront:GetInvalidation",
            "s3:Abort*",
            "s3:DeleteObject*",
            "s3:GetBucket*",
            "s3:GetObject*",
            "s3:List*",
            "s3:PutObject",
            "s3:PutObjectLegalHold",
            "s3:PutObjectRetention",
            "s3:PutObjectTagging",
            "s3:PutObjectVersionTagging");

    @Test
    void everyRoleHasExactlyTheActionsItsCodeUses() {
        TestSupport.Sample s = TestSupport.sample();
        List<Template> templates = new ArrayList<>(all());
        templates.add(Template.fromStack(s.stacks().viewer()));
        Map<String, SortedSet<String>> seen = new TreeMap<>();
        for (Template t : templates) {
            TestSupport.actionsByRole(t).forEach((role, actions) -> {
                if (role.startsWith(VIEWER_DEPLOYMENT)) {
                    assertThat(actions).as(role).containsExactlyElementsOf(new TreeSet<>(VIEWER_DEPLOYMENT_ACTIONS));
                    return;
                }
                String kind = EXPECTED.keySet().stream()
                        .filter(role::startsWith)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("a role no test expects: " + role + " " + actions));
                assertThat(actions).as(role).containsExactlyElementsOf(new TreeSet<>(EXPECTED.get(kind)));
                seen.computeIfAbsent(kind, k -> new TreeSet<>()).add(role);
            });
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        // One instance role per zone of the sample file.
        assertThat(seen.get("FleetInstanceRole")).hasSize(1);
    }

    @Test
    void noAllowStatementUsesWildcardActionsOnS3IotOrKms() {
        int checked = 0;
        for (Template t : all()) {
            for (Map<String, Object> st : TestSupport.iamStatements(t)) {
                if (!"Allow".equals(st.get("Effect"))) {
                    continue;
                }
                for (String action : TestSupport.actions(st)) {
                    checked++;
                    assertThat(action).as("action in %s", st).isNotEqualTo("*");
                    if (action.startsWith("s3:") || action.startsWith("iot:") || action.startsWith("kms:")) {
                        assertThat(action).as("wildcard action in %s", st).doesNotContain("*");
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void resourceStarOnlyForActionsThatAllowNothingElse() {
        for (Template t : all()) {
            for (Map<String, Object> st : TestSupport.iamStatements(t)) {
                if ("Allow".equals(st.get("Effect"))
                        && TestSupport.resources(st).contains("\"*\"")) {
                    assertThat(ONLY_ON_ANY_RESOURCE).as("Resource * in %s", st).containsAll(TestSupport.actions(st));
                }
            }
        }
    }

    @Test
    void s3AndKmsGrantsNameTheirBucketPrefixOrKey() {
        for (Template t : all()) {
            for (Map<String, Object> st : TestSupport.iamStatements(t)) {
                boolean s3OrKms =
                        TestSupport.actions(st).stream().anyMatch(a -> a.startsWith("s3:") || a.startsWith("kms:"));
                if (s3OrKms && "Allow".equals(st.get("Effect"))) {
                    assertThat(TestSupport.resources(st)).as("%s", st).noneMatch(r -> r.equals("\"*\""));
                    if (TestSupport.actions(st).contains("s3:ListBucket")) {
                        assertThat(TestSupport.json(st.get("Condition"))).contains("s3:prefix");
                    }
                    // Our own cross-stack secret grants decrypt only through Secrets Manager.
                    if (String.valueOf(st.get("Sid")).endsWith("Decrypt")) {
                        assertThat(TestSupport.json(st.get("Condition"))).contains("kms:ViaService");
                    }
                }
            }
        }
    }

    @Test
    void bucketPoliciesAllowOnlyNamedServicePrincipals() {
        for (Template t : all()) {
            for (Map<String, Object> policy :
                    t.findResources("AWS::S3::BucketPolicy").values()) {
                String json = TestSupport.json(policy);
                for (String allow : json.split("\"Effect\":\"Allow\"", -1)) {
                    // Whatever is allowed, it is never to everyone.
                    assertThat(allow).doesNotContain("\"Principal\":\"*\"");
                }
                assertThat(json)
                        .doesNotContain("\"Principal\":{\"AWS\":\"*\"},\"Effect\":\"Allow\"")
                        .doesNotContain("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"}");
            }
        }
    }
}
