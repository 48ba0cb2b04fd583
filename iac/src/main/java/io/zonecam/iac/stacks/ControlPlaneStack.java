package io.zonecam.iac.stacks;

import io.zonecam.iac.config.AppSettings;
import io.zonecam.iac.config.ZonesConfig;
import io.zonecam.iac.constructs.CameraIotPolicy;
import io.zonecam.iac.constructs.ControlPlaneArtifact;
import io.zonecam.iac.constructs.JustInTimeProvisioning;
import io.zonecam.iac.constructs.NodeIotPolicy;
import io.zonecam.iac.constructs.QuarkusLambda;
import io.zonecam.iac.constructs.SecretAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * ControlPlaneStack is the stateless control plane: the three route groups of the Quarkus Lambda artifact behind
 * an API Gateway HTTP API, and the device bus on AWS IoT Core (thing type, camera and node policies, the platform CA
 * with just-in-time provisioning).
 *
 * <p>Everything stateful it uses (database proxy, secrets, buckets) comes from {@link DataStack}.
 */
public final class ControlPlaneStack extends Stack {
    /** Route groups and the API paths each one serves (from openapi/zonecam-api.yaml). */
    public static final Map<String, List<String>> ROUTES = routes();
    /** Secrets Manager name of each zone's node enrollment key; {zone} is the zone name. */
    public static final String ENROLLMENT_KEY_NAME = "zonecam/zones/{zone}/node-enrollment-key";

    private final HttpApi api;
    private final Map<String, QuarkusLambda> functions = new LinkedHashMap<>();
    private final String iotEndpoint;
    private final SecurityGroup functionSecurityGroup;
    private final String tokenIssuer;

    public ControlPlaneStack(
            Construct scope,
            String id,
            StackProps props,
            ZonesConfig config,
            DataStack data,
            AppSettings settings,
            String platformCaPem) {
        super(scope, id, props);
        Code code = ControlPlaneArtifact.code(this, settings);
        boolean nativeImage = settings.nativeLambda();

        CameraIotPolicy cameraIot = new CameraIotPolicy(this, "CameraIot");
        NodeIotPolicy nodeIot = new NodeIotPolicy(this, "NodeIot");
        new JustInTimeProvisioning(this, "Provisioning", platformCaPem, cameraIot, nodeIot);
        // The account's ATS data endpoint has no CloudFormation attribute; one read-only SDK call fetches it.
        AwsCustomResource endpoint = AwsCustomResource.Builder.create(this, "IotEndpoint")
                .onUpdate(AwsSdkCall.builder()
                        .service("Iot")
                        .action("describeEndpoint")
                        .parameters(Map.of("endpointType", "iot:Data-ATS"))
                        .physicalResourceId(PhysicalResourceId.of("iot-data-ats-endpoint"))
                        .outputPaths(List.of("endpointAddress"))
                        .build())
                // DescribeEndpoint has no resource-level permissions: "*" is the only resource it accepts.
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        iotEndpoint = endpoint.getResponseField("endpointAddress");

        functionSecurityGroup = SecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpc(data.vpc())
                .description("Control-plane functions: no inbound; PostgreSQL to RDS Proxy, HTTPS to AWS APIs")
                .allowAllOutbound(false)
                .build();
        functionSecurityGroup.addEgressRule(
                Peer.anyIpv4(), Port.tcp(443), "AWS APIs (Secrets Manager, KMS, IoT) via NAT");
        functionSecurityGroup
                .getConnections()
                .allowTo(data.proxySecurityGroup(), Port.tcp(DataStack.POSTGRES_PORT), "RDS Proxy");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                Fn.join(
                        "",
                        List.of(
                                "postgresql://",
                                data.databaseProxy().getEndpoint(),
                                ":" + DataStack.POSTGRES_PORT + "/",
                                DataStack.DATABASE_NAME)));
        // RDS Proxy is created with requireTLS.
        env.put("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", "require");
        env.put("ZONECAM_DB_SECRET_ARN", data.database().getSecret().getSecretArn());
        env.put("ZONECAM_TOKENS_SIGNING_KEY_SECRET_ARN", data.tokenSigningKey().getSecretArn());
        env.put("ZONECAM_SECRETS_PEPPER_SECRET_ARN", data.secretsPepper().getSecretArn());
        env.put("ZONECAM_TOKENS_ISSUER", config.controlPlane().tokenIssuer());
        if (config.controlPlane().viewerUrl() != null) {
            // The viewer stack's distribution (or a custom domain): share links open its share page.
            env.put(
                    "ZONECAM_PLAYBACK_VIEWER_URL",
                    config.controlPlane().viewerUrl().replaceAll("/+$", ""));
        }
        this.tokenIssuer = config.controlPlane().tokenIssuer();

        for (String group : ROUTES.keySet()) {
            Map<String, String> groupEnv = new LinkedHashMap<>(env);
            if (group.equals("registration") || group.equals("fleet")) {
                // Certificates: registration issues camera and node certificates and revokes a deregistered camera's;
                // fleet revokes the node certificates of a deleted zone. Revocation sets them INACTIVE on IoT Core.
                groupEnv.put("ZONECAM_CA_SECRET_ARN", data.platformCa().getSecretArn());
                groupEnv.put("ZONECAM_CA_AWS_IOT_ENABLED", "true");
            }
            if (group.equals("playback")) {
                groupEnv.put("ZONECAM_PLAYBACK_CDN_DOMAIN", data.playbackCdn().getDistributionDomainName());
                groupEnv.put(
                        "ZONECAM_PLAYBACK_CDN_KEY_PAIR_ID",
                        data.playbackCdnPublicKey().getPublicKeyId());
                groupEnv.put(
                        "ZONECAM_PLAYBACK_CDN_SIGNING_KEY_SECRET_ARN",
                        data.playbackCdnSigningKey().getSecretArn());
            }
            QuarkusLambda fn = new QuarkusLambda(
                    this,
                    capitalize(group),
                    new QuarkusLambda.Props(
                            group,
                            code,
                            nativeImage,
                            config.controlPlane().lambdaMemoryMiB(),
                            data.vpc(),
                            List.of(functionSecurityGroup),
                            groupEnv));
            // One application: every group reads the database credentials and signs tokens of its own kind.
            SecretAccess.grantRead(
                    fn.function().getRole(),
                    "ReadDatabaseCredentials",
                    data.database().getSecret(),
                    data.dataKey());
            SecretAccess.grantRead(
                    fn.function().getRole(), "ReadTokenSigningKey", data.tokenSigningKey(), data.dataKey());
            SecretAccess.grantRead(fn.function().getRole(), "ReadSecretsPepper", data.secretsPepper(), data.dataKey());
            functions.put(group, fn);
        }

        QuarkusLambda registration = functions.get("registration");
        QuarkusLambda fleet = functions.get("fleet");
        SecretAccess.grantRead(
                functions.get("playback").function().getRole(),
                "ReadPlaybackCdnSigningKey",
                data.playbackCdnSigningKey(),
                data.dataKey());

        // Revocation (a camera deregistered, a node removed) sets the certificate INACTIVE on IoT Core: the control
        // plane's only IoT call. Certificate ids are not known in advance, hence cert/*.
        for (QuarkusLambda revoker : List.of(registration, fleet)) {
            SecretAccess.grantRead(revoker.function().getRole(), "ReadPlatformCa", data.platformCa(), data.dataKey());
            revoker.function()
                    .addToRolePolicy(PolicyStatement.Builder.create()
                            .sid("DeactivateRevokedCertificates")
                            .actions(List.of("iot:UpdateCertificate"))
                            .resources(List.of(CameraIotPolicy.iotArn("cert/*")))
                            .build());
        }

        api = HttpApi.Builder.create(this, "Api")
                .apiName("zonecam")
                .description("Zonecam public API (openapi/zonecam-api.yaml)")
                // Bearer tokens and API keys travel in headers, never cookies, so any origin may call.
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of("*"))
                        .allowHeaders(List.of("Authorization", "Content-Type", "X-Api-Key"))
                        .allowMethods(List.of(CorsHttpMethod.ANY))
                        .maxAge(Duration.days(1))
                        .build())
                .build();
        ROUTES.forEach((group, paths) -> {
            HttpLambdaIntegration integration = new HttpLambdaIntegration(
                    capitalize(group) + "Integration", functions.get(group).alias());
            for (String path : paths) {
                api.addRoutes(AddRoutesOptions.builder()
                        .path(path)
                        // ANY: preflight OPTIONS is answered by API Gateway itself (CORS is configured).
                        .methods(List.of(HttpMethod.ANY))
                        .integration(integration)
                        .build());
            }
        });

        Outputs.output(this, "ApiUrl", api.getApiEndpoint());
        Outputs.output(this, "IotEndpointAddress", iotEndpoint);
    }

    private static Map<String, List<String>> routes() {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        routes.put(
                "registration",
                List.of(
                        "/v1/cameras", "/v1/cameras/{proxy+}",
                        "/v1/devices", "/v1/devices/{proxy+}",
                        "/v1/organizations", "/v1/organizations/{proxy+}",
                        "/v1/api-keys", "/v1/api-keys/{proxy+}",
                        // Camera and node certificates from CSRs, the CRL, a camera's issued certificates.
                        "/v1/certificates", "/v1/certificates/{proxy+}",
                        // Event search. Webhooks stay unrouted until their dispatcher runs on a schedule here.
                        "/v1/events", "/v1/events/{proxy+}"));
        routes.put(
                "fleet",
                List.of(
                        "/v1/zones", "/v1/zones/{proxy+}",
                        "/v1/nodes", "/v1/nodes/{proxy+}",
                        "/v1/drains", "/v1/drains/{proxy+}"));
        // More specific than /v1/cameras/{proxy+}, so API Gateway sends playback here.
        routes.put(
                "playback",
                List.of(
                        "/v1/cameras/{cameraId}/playback",
                        "/v1/cameras/{cameraId}/playback/{proxy+}",
                        // Share links of an organization: listed and revoked (created under /v1/cameras/{id}/shares).
                        "/v1/shares",
                        "/v1/shares/{proxy+}",
                        "/.well-known/jwks.json"));
        return java.util.Collections.unmodifiableMap(routes);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public HttpApi api() {
        return api;
    }

    /** The function of a route group: registration, fleet or playback. */
    public QuarkusLambda function(String group) {
        return functions.get(group);
    }

    /** The account's IoT Core data (ATS) endpoint host. */
    public String iotEndpoint() {
        return iotEndpoint;
    }

    /** The {@code iss} of the tokens the control plane signs; nodes accept only this issuer. */
    public String tokenIssuer() {
        return tokenIssuer;
    }

    public SecurityGroup functionSecurityGroup() {
        return functionSecurityGroup;
    }
}
