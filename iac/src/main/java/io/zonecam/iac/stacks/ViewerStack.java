package io.zonecam.iac.stacks;

import io.zonecam.iac.config.AppSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * ViewerStack serves the web viewer from a private bucket through CloudFront, and routes the API paths of the same
 * distribution to the control plane's HTTP API, so the viewer calls its own origin (no CORS, its config.json keeps
 * {@code apiBaseUrl} empty).
 *
 * <pre>
 * https://&lt;distribution&gt;/viewer/*                → S3 (viewer files, origin access control)
 * https://&lt;distribution&gt;/v1/*, /.well-known/*   → API Gateway (not cached, every method, all viewer headers)
 * </pre>
 * Stateless: rebuilt from {@code web-viewer/target/dist} on every deploy, so the bucket is emptied on delete.
 */
public final class ViewerStack extends Stack {

    /** Where the viewer files live in the bucket and on the distribution. */
    public static final String PREFIX = "viewer/";

    private final Distribution distribution;

    public ViewerStack(
            Construct scope, String id, StackProps props, ControlPlaneStack controlPlane, AppSettings settings) {
        super(scope, id, props);
        Bucket site = Bucket.Builder.create(this, "Site")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(true)
                .build();
        // "https://abc.execute-api.region.amazonaws.com" → "abc.execute-api.region.amazonaws.com"
        String apiDomain = Fn.select(2, Fn.split("/", controlPlane.api().getApiEndpoint()));
        BehaviorOptions api = BehaviorOptions.builder()
                .origin(HttpOrigin.Builder.create(apiDomain).build())
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .build();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Zonecam web viewer and API")
                .defaultRootObject(PREFIX + "index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(site))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .build())
                .additionalBehaviors(Map.of("/v1/*", api, "/.well-known/*", api))
                .build();

        Path dist = settings.viewerDist();
        if (Files.isDirectory(dist)) {
            BucketDeployment.Builder.create(this, "Files")
                    .sources(List.of(Source.asset(dist.toString())))
                    .destinationBucket(site)
                    .destinationKeyPrefix(PREFIX)
                    .distribution(distribution)
                    .distributionPaths(List.of("/" + PREFIX + "*"))
                    .build();
        } else if (settings.allowPlaceholderArtifacts()) {
            Annotations.of(this)
                    .addWarningV2(
                            "zonecam:noViewerBuild",
                            "no web viewer build at " + dist + "; the viewer bucket stays empty");
        } else {
            Annotations.of(this)
                    .addError("build the web viewer first (" + dist + " is missing): "
                            + "./mvnw -pl web-viewer -am package");
        }
        CfnOutput.Builder.create(this, "ViewerUrl")
                .value("https://" + distribution.getDistributionDomainName() + "/" + PREFIX)
                .description("The web viewer; set controlPlane.viewerUrl in the zones file to it "
                        + "(or to a custom domain) so share links point here")
                .build();
    }

    public Distribution distribution() {
        return distribution;
    }
}
