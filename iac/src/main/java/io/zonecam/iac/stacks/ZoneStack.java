package io.zonecam.iac.stacks;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.iac.config.ZonesConfig;
import io.zonecam.iac.constructs.DrainingDeployment;
import io.zonecam.iac.constructs.NodeBootstrap;
import io.zonecam.iac.constructs.StreamNodeFleet;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * ZoneStack is one zone (a cell): its own VPC, node enrollment key, stream-node fleet behind a Network Load
 * Balancer, and the CodeDeploy group that rolls node releases through drains.
 *
 * <p>Nothing in it is shared with another zone; from the shared stacks it uses only its own bucket prefixes, the
 * API URL and the IoT endpoint, so deploying or breaking one zone cannot reach another.
 */
public final class ZoneStack extends Stack {
    private final ZonesConfig.Zone zone;
    private final Vpc vpc;
    private final Secret enrollmentKey;
    private final StreamNodeFleet fleet;
    private final DrainingDeployment deployment;

    public ZoneStack(
            Construct scope,
            String id,
            StackProps props,
            ZonesConfig.Zone zone,
            DataStack data,
            ControlPlaneStack controlPlane) {
        super(scope, id, props);
        this.zone = zone;
        int prefix = Integer.parseInt(zone.cidr().substring(zone.cidr().indexOf('/') + 1));
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(zone.cidr()))
                .maxAzs(zone.maxAzs())
                // Nodes have public addresses and need no NAT; S3 traffic stays on the gateway endpoint.
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("nodes")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(prefix + 2)
                        .build()))
                .gatewayEndpoints(java.util.Map.of(
                        "S3",
                        GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.S3)
                                .subnets(List.of(SubnetSelection.builder()
                                        .subnetType(SubnetType.PUBLIC)
                                        .build()))
                                .build()))
                .build();

        enrollmentKey = Secret.Builder.create(this, "EnrollmentKey")
                .secretName(ControlPlaneStack.ENROLLMENT_KEY_NAME.replace("{zone}", zone.name()))
                .description("Shared secret the stream nodes of zone " + zone.name() + " present to the control plane")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        LogGroup metrics = LogGroup.Builder.create(this, "NodeMetrics")
                .logGroupName("/zonecam/" + zone.name() + "/node-metrics")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        String recordingsPrefix = RetentionClass.zonePrefix(zone.name());
        NodeBootstrap.Settings bootstrap = new NodeBootstrap.Settings(
                zone.name(),
                Aws.REGION,
                controlPlane.api().getApiEndpoint(),
                enrollmentKey.getSecretArn(),
                data.recordings().getBucketName(),
                recordingsPrefix,
                controlPlane.iotEndpoint(),
                controlPlane.tokenIssuer(),
                metrics.getLogGroupName(),
                data.playbackCdn().getDistributionDomainName());
        fleet = new StreamNodeFleet(
                this,
                "Fleet",
                new StreamNodeFleet.Props(
                        zone,
                        vpc,
                        data.recordings(),
                        recordingsPrefix,
                        data.deployArtifacts(),
                        deployPrefix(zone.name()),
                        enrollmentKey,
                        metrics,
                        bootstrap));
        deployment = new DrainingDeployment(
                this, "Deploy", new DrainingDeployment.Props(zone.name(), fleet, zone.spoolGiB()));

        Outputs.output(this, "LoadBalancerDns", fleet.loadBalancer().getLoadBalancerDnsName());
        Outputs.output(this, "DeploymentGroup", deployment.group().getDeploymentGroupName());
        Outputs.output(
                this,
                "RevisionLocation",
                "s3://" + data.deployArtifacts().getBucketName() + "/" + deployPrefix(zone.name()));
    }

    /** Where a zone's CodeDeploy revisions go in the deploy bucket; its nodes may read only this prefix. */
    public static String deployPrefix(String zone) {
        return "deploy/" + zone + "/";
    }

    public ZonesConfig.Zone zone() {
        return zone;
    }

    public Vpc vpc() {
        return vpc;
    }

    public Secret enrollmentKey() {
        return enrollmentKey;
    }

    public StreamNodeFleet fleet() {
        return fleet;
    }

    public DrainingDeployment deployment() {
        return deployment;
    }
}
