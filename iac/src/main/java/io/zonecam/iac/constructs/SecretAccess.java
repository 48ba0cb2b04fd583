package io.zonecam.iac.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * SecretAccess grants read access to a secret in another stack through the reader's own policy only.
 *
 * <p>CDK's {@code secret.grantRead} would also edit the KMS key policy in the data stack, making the data stack
 * depend on every reader. The key's default policy delegates to IAM, so an identity policy is enough.
 */
public final class SecretAccess {
    private SecretAccess() {}

    /** Lets {@code role} read {@code secret}, decrypting with {@code key} only through Secrets Manager. */
    public static void grantRead(IRole role, String sid, ISecret secret, IKey key) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(sid)
                // GetSecretValue is the only Secrets Manager call the applications make.
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secret.getSecretArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(sid + "Decrypt")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of(
                                "kms:ViaService",
                                Fn.join("", List.of("secretsmanager.", Aws.REGION, ".amazonaws.com")))))
                .build());
    }
}
