package io.zonecam.iac.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.iac.TestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ViewerStackTest {

    final Template viewer = Template.fromStack(TestSupport.sample().stacks().viewer());

    @Test
    void shouldServeTheViewerFromAPrivateBucketThroughCloudFrontOnly() {
        viewer.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "PublicAccessBlockConfiguration", TestSupport.allPublicAccessBlocked(),
                        "BucketEncryption",
                                Match.objectLike(Map.of("ServerSideEncryptionConfiguration", TestSupport.sseS3()))));
        viewer.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        // Only the distribution may read the files (and TLS only).
        String policy = TestSupport.json(viewer.findResources("AWS::S3::BucketPolicy"));
        assertThat(policy).contains("cloudfront.amazonaws.com").contains("aws:SecureTransport");
        viewer.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(Map.of(
                                "DefaultRootObject",
                                "viewer/index.html",
                                "DefaultCacheBehavior",
                                Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https"))))));
    }

    @Test
    void shouldRouteTheApiPathsToTheControlPlaneUncached() {
        String distribution = TestSupport.json(viewer.findResources("AWS::CloudFront::Distribution"));
        assertThat(distribution)
                .contains("\"PathPattern\":\"/v1/*\"")
                .contains("\"PathPattern\":\"/.well-known/*\"")
                .contains("https-only")
                // The API origin is the control plane's HTTP API endpoint, imported from its stack.
                .containsPattern(
                        "\"DomainName\":\\{\"Fn::Select\":\\[2,\\{\"Fn::Split\":\\[\"/\",\\{\"Fn::ImportValue\":"
                                + "\"zonecam-control:[^\"]*ApiEndpoint");
        viewer.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(Map.of(
                                "CacheBehaviors",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "PathPattern", "/v1/*",
                                        "AllowedMethods",
                                                List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"),
                                        // CachingDisabled, a managed policy
                                        "CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"))))))));
    }
}
