package io.zonecam.iac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** No IAM statement in any stack grants a wildcard on S3, IoT or KMS where AWS offers something narrower. */
class LeastPrivilegeTest {
    /** Actions AWS accepts only on "*" (no resource-level permissions); each one is justified where it is granted. */
    static final Set<String> ONLY_ON_ANY_RESOURCE = Set.of(
            "iot:CreateKeysAndCertificate", // registration: a camera's certificate does not exist before the call
            "iot:DescribeEndpoint", // the IotEndpoint custom resource
            "secretsmanager:GetRandomPassword"); // added by CDK to the rotation function's role

    private static List<Template> all() {
        TestSupport.Sample s = TestSupport.sample();
        List<Template> t = new ArrayList<>(List.of(s.data(), s.controlPlane()));
        t.addAll(s.zones().values());
        return t;
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
