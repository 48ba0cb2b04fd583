package io.zonecam.iac.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.iac.TestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataStackTest {
    private final Template data = TestSupport.sample().data();

    @Test
    void isTerminationProtected() {
        assertThat(TestSupport.sample().stacks().data().getTerminationProtection())
                .isTrue();
    }

    @Test
    void recordingsBucketIsEncryptedPrivateUnversionedAndRetained() {
        data.hasResource(
                "AWS::S3::Bucket",
                Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "Properties",
                        Match.objectLike(Map.of(
                                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", TestSupport.sseS3()),
                                "PublicAccessBlockConfiguration", TestSupport.allPublicAccessBlocked(),
                                "VersioningConfiguration", Match.absent(),
                                "LifecycleConfiguration",
                                        Match.objectLike(Map.of(
                                                "Rules",
                                                Match.arrayWith(
                                                        List.of(Match.objectLike(Map.of("Id", "euw1-a-r7"))))))))));
        // Both buckets (recordings and deploy revisions) block public access.
        Map<String, Map<String, Object>> buckets = data.findResources("AWS::S3::Bucket");
        assertThat(buckets).hasSize(2);
        buckets.values().forEach(b -> assertThat(TestSupport.json(b)).contains("\"RestrictPublicBuckets\":true"));
    }

    @Test
    void lifecycleRulesExpireEachRetentionClassOfEachZone() {
        for (String zone : List.of("euw1-a", "euw1-b")) {
            for (Object[] rc : new Object[][] {{"r7", 7}, {"r30", 30}, {"r90", 90}}) {
                data.hasResourceProperties(
                        "AWS::S3::Bucket",
                        Match.objectLike(Map.of(
                                "LifecycleConfiguration",
                                Map.of(
                                        "Rules",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Id",
                                                zone + "-" + rc[0],
                                                "Prefix",
                                                "zones/" + zone + "/" + rc[0] + "/",
                                                "ExpirationInDays",
                                                rc[1],
                                                "Status",
                                                "Enabled"))))))));
            }
        }
        // The custom class is the app's retention job's: no lifecycle rule may expire it.
        assertThat(TestSupport.json(data.toJSON())).doesNotContain("/rc/");
    }

    @Test
    void everyBucketRefusesPlainHttp() {
        data.resourceCountIs("AWS::S3::BucketPolicy", 2);
        data.allResourcesProperties(
                "AWS::S3::BucketPolicy",
                TestSupport.policyStatement(
                        Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
    }

    @Test
    void onlyThePlaybackDistributionMayReadRecordingsAndOnlyWithSignedUrls() {
        data.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                TestSupport.policyStatement(Map.of(
                        "Effect",
                        "Allow",
                        "Action",
                        "s3:GetObject",
                        "Principal",
                        Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition",
                        Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue())))));
        data.hasResourceProperties(
                "AWS::CloudFront::OriginAccessControl",
                Match.objectLike(Map.of(
                        "OriginAccessControlConfig",
                        Match.objectLike(Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always")))));
        data.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Match.objectLike(Map.of(
                        "DistributionConfig",
                        Match.objectLike(Map.of(
                                "DefaultCacheBehavior",
                                Match.objectLike(Map.of(
                                        "ViewerProtocolPolicy", "https-only",
                                        "TrustedKeyGroups",
                                                Match.arrayWith(
                                                        List.of(Match.objectLike(Map.of("Ref", Match.anyValue())))),
                                        "AllowedMethods", List.of("GET", "HEAD", "OPTIONS"))))))));
        data.resourceCountIs("AWS::CloudFront::KeyGroup", 1);
        data.hasResourceProperties(
                "AWS::CloudFront::PublicKey",
                Match.objectLike(Map.of(
                        "PublicKeyConfig",
                        Match.objectLike(
                                Map.of("EncodedKey", Match.stringLikeRegexp("-----BEGIN PUBLIC KEY-----.*"))))));
    }

    @Test
    void auroraServerlessV2IsEncryptedPrivateProtectedAndBehindATlsProxy() {
        data.hasResource(
                "AWS::RDS::DBCluster",
                Map.of(
                        "DeletionPolicy",
                        "Snapshot",
                        "Properties",
                        Match.objectLike(Map.of(
                                "Engine",
                                "aurora-postgresql",
                                "StorageEncrypted",
                                true,
                                "KmsKeyId",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(TestSupport.logicalId(data, "AWS::KMS::Key", "DataKey"), "Arn")),
                                "DeletionProtection",
                                true,
                                "DatabaseName",
                                "zonecam",
                                "BackupRetentionPeriod",
                                14,
                                "ServerlessV2ScalingConfiguration",
                                Map.of("MinCapacity", 0.5, "MaxCapacity", 16)))));
        data.allResourcesProperties(
                "AWS::RDS::DBInstance",
                Match.objectLike(Map.of("DBInstanceClass", "db.serverless", "PubliclyAccessible", false)));
        data.hasResourceProperties(
                "AWS::RDS::DBProxy", Match.objectLike(Map.of("EngineFamily", "POSTGRESQL", "RequireTLS", true)));
        // The database accepts PostgreSQL from the proxy's security group and nothing else.
        String proxySg = TestSupport.logicalId(data, "AWS::EC2::SecurityGroup", "ProxySecurityGroup");
        data.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of("FromPort", 5432, "ToPort", 5432, "IpProtocol", "tcp")));
        data.allResourcesProperties(
                "AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of(
                        "GroupId",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(
                                                TestSupport.logicalId(
                                                        data, "AWS::EC2::SecurityGroup", "DatabaseSecurityGroup"),
                                                "GroupId")),
                        "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(proxySg, "GroupId")))));
        // Data subnets are isolated: only public and app subnets have a default route.
        data.resourceCountIs("AWS::EC2::Route", 4);
    }

    @Test
    void keysRotateAndTheSigningKeyIsRotatedByItsOwnFunction() {
        data.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
        data.hasResourceProperties(
                "AWS::SecretsManager::RotationSchedule",
                Match.objectLike(Map.of(
                        "RotateImmediatelyOnUpdate",
                        true,
                        "RotationRules",
                        Map.of("ScheduleExpression", "rate(90 days)"))));
        data.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Runtime",
                        "nodejs22.x",
                        "Handler",
                        "index.handler",
                        "Code",
                        Map.of("ZipFile", Match.stringLikeRegexp("generateKeyPairSync\\('ed25519'\\)")))));
        data.allResourcesProperties(
                "AWS::SecretsManager::Secret",
                Match.objectLike(Map.of(
                        "KmsKeyId",
                        Map.of(
                                "Fn::GetAtt",
                                List.of(TestSupport.logicalId(data, "AWS::KMS::Key", "DataKey"), "Arn")))));
        data.hasResourceProperties(
                "AWS::SecretsManager::Secret", Match.objectLike(Map.of("Name", "zonecam/tokens/signing-key")));
    }
}
