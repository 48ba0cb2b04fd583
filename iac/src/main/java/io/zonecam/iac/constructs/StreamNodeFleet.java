package io.zonecam.iac.constructs;

import io.zonecam.iac.config.ZonesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.autoscaling.Ec2HealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * StreamNodeFleet is one zone's stream nodes: the security group with the media ports, an instance role scoped to
 * the zone's bucket prefix, the launch template, the Auto Scaling group and the Network Load Balancer for
 * ingest, WHEP and HLS.
 *
 * <p>Nodes sit in public subnets with their own public IPv4 address: WebRTC (ICE-lite on UDP 8443) and direct
 * camera pushes go to the node the control plane assigned, which the NLB cannot choose.
 */
public final class StreamNodeFleet extends Construct {
    public static final int RTSP = 8554;
    public static final int RTMP = 1935;
    public static final int HTTP = 8080;
    public static final int WEBRTC = 8443;
    public static final int MANAGEMENT = NodeBootstrap.MANAGEMENT_PORT;
    public static final String HEALTH_PATH = "/q/health/ready";

    private final SecurityGroup securityGroup;
    private final Role role;
    private final LaunchTemplate launchTemplate;
    private final AutoScalingGroup autoScalingGroup;
    private final NetworkLoadBalancer loadBalancer;
    private final List<NetworkTargetGroup> targetGroups = new ArrayList<>();

    /** Props are the zone, its network, and the shared resources it may use (only its own part of each). */
    public record Props(
            ZonesConfig.Zone zone,
            Vpc vpc,
            IBucket recordings,
            String recordingsPrefix,
            IBucket deployArtifacts,
            String deployPrefix,
            ISecret enrollmentKey,
            ILogGroup metricsLogGroup,
            NodeBootstrap.Settings bootstrap) {}

    public StreamNodeFleet(Construct scope, String id, Props props) {
        super(scope, id);
        ZonesConfig.Zone zone = props.zone();

        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("Zonecam stream nodes of zone " + zone.name())
                // Out: HTTPS (control plane, S3, Secrets Manager, packages) and MQTT over TLS to IoT Core. Replies
                // to cameras and viewers need no rule: security groups are stateful.
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs and the control plane");
        securityGroup.addEgressRule(
                Peer.anyIpv4(), Port.tcp(NodeBootstrap.MQTT_TLS_PORT), "MQTT with mutual TLS to the IoT data endpoint");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(RTSP), "RTSP ingest");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(RTMP), "RTMP ingest");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(HTTP), "WHEP signaling, HLS, health");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.udp(WEBRTC), "WebRTC ICE-lite media");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(WEBRTC), "WebRTC ICE-TCP");
        securityGroup.addIngressRule(
                Peer.ipv4(props.vpc().getVpcCidrBlock()),
                Port.tcp(MANAGEMENT),
                "Management (health, metrics, drain): inside the zone VPC only");

        role = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Zonecam stream node of zone " + zone.name())
                // Session Manager instead of SSH: no key pairs and no port 22.
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();
        grantZoneAccess(props);

        InstanceType instanceType = new InstanceType(zone.instanceType());
        boolean arm = instanceType.getArchitecture() == InstanceArchitecture.ARM_64;
        UserData userData = UserData.forLinux();
        userData.addCommands(NodeBootstrap.commands(props.bootstrap()).toArray(String[]::new));
        launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .launchTemplateName("zonecam-node-" + zone.name())
                .instanceType(instanceType)
                .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(arm ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                        .build()))
                .role(role)
                .securityGroup(securityGroup)
                .userData(userData)
                .requireImdsv2(true)
                .httpPutResponseHopLimit(1)
                .associatePublicIpAddress(true)
                // 1-minute CPU metrics, so alarms can stop a bad deploy within minutes.
                .detailedMonitoring(true)
                .blockDevices(List.of(
                        BlockDevice.builder()
                                .deviceName("/dev/xvda")
                                .volume(BlockDeviceVolume.ebs(
                                        30,
                                        EbsDeviceOptions.builder()
                                                .volumeType(EbsDeviceVolumeType.GP3)
                                                .encrypted(true)
                                                .deleteOnTermination(true)
                                                .build()))
                                .build(),
                        BlockDevice.builder()
                                .deviceName(NodeBootstrap.SPOOL_DEVICE)
                                .volume(BlockDeviceVolume.ebs(
                                        zone.spoolGiB(),
                                        EbsDeviceOptions.builder()
                                                .volumeType(EbsDeviceVolumeType.GP3)
                                                .encrypted(true)
                                                .iops(3000)
                                                .throughput(250)
                                                .deleteOnTermination(true)
                                                .build()))
                                .build()))
                .build();

        AutoScalingGroup.Builder asg = AutoScalingGroup.Builder.create(this, "Nodes")
                .autoScalingGroupName("zonecam-node-" + zone.name())
                .vpc(props.vpc())
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .launchTemplate(launchTemplate)
                .minCapacity(zone.minCapacity())
                .maxCapacity(zone.maxCapacity())
                // EC2 checks only: during a deploy the app is stopped on purpose and must not cost the instance.
                .healthChecks(HealthChecks.ec2(Ec2HealthChecksOptions.builder()
                        .gracePeriod(Duration.minutes(10))
                        .build()))
                .defaultInstanceWarmup(Duration.minutes(5));
        // Without a desired capacity a deploy never resets what scaling decided; set it only to force a size.
        if (zone.desiredCapacity() != null) {
            asg.desiredCapacity(zone.desiredCapacity());
        }
        autoScalingGroup = asg.build();
        // Scale-in terminations run CodeDeploy's termination hook, i.e. the drain (see DrainingDeployment).
        autoScalingGroup.scaleOnCpuUtilization(
                "CpuTarget",
                CpuUtilizationScalingProps.builder()
                        .targetUtilizationPercent(60)
                        .build());

        loadBalancer = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .loadBalancerName("zonecam-" + zone.name())
                .vpc(props.vpc())
                .internetFacing(true)
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                // A zone is a cell: no cross-zone traffic (and no cross-AZ data charges).
                .crossZoneEnabled(false)
                .build();
        listen("Rtsp", RTSP, Protocol.TCP, RTSP, null);
        listen("Rtmp", RTMP, Protocol.TCP, RTMP, null);
        listen("Http", HTTP, Protocol.TCP, HTTP, null);
        if (zone.certificateArn() != null) {
            listen("Https", 443, Protocol.TLS, HTTP, zone.certificateArn());
        }
    }

    private void listen(String id, int port, Protocol protocol, int targetPort, String certificateArn) {
        NetworkTargetGroup tg = NetworkTargetGroup.Builder.create(this, id + "Targets")
                .vpc(loadBalancer.getVpc())
                .port(targetPort)
                .protocol(Protocol.TCP)
                .targetType(TargetType.INSTANCE)
                .targets(List.of(autoScalingGroup))
                // Cameras have moved away before a node is deregistered (drain hook), so a short delay suffices.
                .deregistrationDelay(Duration.seconds(60))
                .connectionTermination(true)
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .protocol(Protocol.HTTP)
                        .port(String.valueOf(MANAGEMENT))
                        .path(HEALTH_PATH)
                        .interval(Duration.seconds(10))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(2)
                        .build())
                .build();
        targetGroups.add(tg);
        NetworkListener.Builder listener = NetworkListener.Builder.create(this, id + "Listener")
                .loadBalancer(loadBalancer)
                .port(port)
                .protocol(protocol)
                .defaultTargetGroups(List.of(tg));
        if (certificateArn != null) {
            listener.certificates(List.of(ListenerCertificate.fromArn(certificateArn)))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS);
        }
        listener.build();
    }

    /** The node may touch only its zone's prefix of the recordings and deploy buckets, and its own secret. */
    private void grantZoneAccess(Props props) {
        String recordings = props.recordings().getBucketArn();
        // PutObject (uploads), GetObject (HLS, clips, HeadObject). No DeleteObject: recordings are immutable and
        // expiry is the lifecycle rules' job; no multipart calls: every object goes up in one PUT.
        allow(
                "RecordingsOfThisZone",
                props.recordings().arnForObjects(props.recordingsPrefix() + "*"),
                "s3:PutObject",
                "s3:GetObject");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListRecordingsOfThisZone")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(recordings))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(props.recordingsPrefix() + "*"))))
                .build());
        allow(
                "DeployRevisionsOfThisZone",
                props.deployArtifacts().arnForObjects(props.deployPrefix() + "*"),
                "s3:GetObject",
                "s3:GetObjectVersion");
        // ZoneNodeKey and drain.sh read it; nothing describes it.
        allow("ReadZoneNodeKey", props.enrollmentKey().getSecretArn(), "secretsmanager:GetSecretValue");
        allow(
                "PublishMetricsOfThisZone",
                props.metricsLogGroup().getLogGroupArn(),
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogStreams");
        // No iot: actions: the node reaches IoT Core with its certificate (mutual TLS), which the IoT policies
        // govern (NodeIotPolicy); IAM permissions for IoT apply only to SigV4 clients.
    }

    /** Lets the node's role take {@code actions} on {@code resource}, under the statement id {@code sid}. */
    private void allow(String sid, String resource, String... actions) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of(actions))
                .resources(List.of(resource))
                .build());
    }

    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public Role role() {
        return role;
    }

    public LaunchTemplate launchTemplate() {
        return launchTemplate;
    }

    public AutoScalingGroup autoScalingGroup() {
        return autoScalingGroup;
    }

    public NetworkLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public List<NetworkTargetGroup> targetGroups() {
        return List.copyOf(targetGroups);
    }
}
