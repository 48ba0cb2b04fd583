package io.zonecam.iac.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.iac.TestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ZoneStackTest {
    private final Template zone = TestSupport.sample().zones().get("euw1-a");

    @Test
    void securityGroupOpensTheMediaPortsAndKeepsManagementInsideTheVpc() {
        zone.resourceCountIs("AWS::EC2::SecurityGroup", 1);
        zone.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Match.objectLike(Map.of(
                        "SecurityGroupIngress",
                                Match.arrayEquals(List.of(
                                        ingress("0.0.0.0/0", "tcp", 8554),
                                        ingress("0.0.0.0/0", "tcp", 1935),
                                        ingress("0.0.0.0/0", "tcp", 8080),
                                        ingress("0.0.0.0/0", "udp", 8443),
                                        ingress("0.0.0.0/0", "tcp", 8443),
                                        Match.objectLike(Map.of(
                                                "IpProtocol",
                                                "tcp",
                                                "FromPort",
                                                9000,
                                                "ToPort",
                                                9000,
                                                "CidrIp",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(
                                                                TestSupport.logicalId(zone, "AWS::EC2::VPC", "Vpc"),
                                                                "CidrBlock")))))),
                        // Out: HTTPS, and MQTT with mutual TLS to IoT Core; nothing else.
                        "SecurityGroupEgress",
                                List.of(ingress("0.0.0.0/0", "tcp", 443), ingress("0.0.0.0/0", "tcp", 8883)))));
    }

    @Test
    void launchTemplateRunsTheNodeWithImdsV2AndAnEncryptedSpool() {
        zone.hasResourceProperties(
                "AWS::EC2::LaunchTemplate",
                Match.objectLike(Map.of(
                        "LaunchTemplateData",
                        Match.objectLike(Map.of(
                                "InstanceType", "c7gn.xlarge",
                                "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
                                "Monitoring", Map.of("Enabled", true),
                                "BlockDeviceMappings",
                                        List.of(
                                                Map.of(
                                                        "DeviceName",
                                                        "/dev/xvda",
                                                        "Ebs",
                                                        Match.objectLike(
                                                                Map.of("Encrypted", true, "VolumeType", "gp3"))),
                                                Map.of(
                                                        "DeviceName",
                                                        "/dev/xvdb",
                                                        "Ebs",
                                                        Match.objectLike(Map.of(
                                                                "Encrypted",
                                                                true,
                                                                "VolumeType",
                                                                "gp3",
                                                                "VolumeSize",
                                                                200)))))))));
        String userData = TestSupport.json(zone.findResources("AWS::EC2::LaunchTemplate"));
        assertThat(userData)
                .contains("java-21-amazon-corretto-headless")
                .contains("/var/lib/zonecam/spool")
                .contains("ZONECAM_NODE_ZONE=euw1-a")
                .contains("ZONECAM_NODE_CAPACITY=500")
                .contains("ExecStart=/usr/bin/java -Xmx1003m ")
                .doesNotContain("MaxRAMPercentage")
                .contains("ZONECAM_STORAGE_TYPE=s3")
                .contains("ZONECAM_STORAGE_PREFIX=zones/euw1-a/")
                .contains("ZONECAM_TOKENS_ISSUER=https://")
                .contains("ZONECAM_RECORDING_SPOOL_DIR=/var/lib/zonecam/spool")
                .contains("ZONECAM_CONTROL_PLANE_URL=")
                .contains("ZONECAM_CONTROL_PLANE_ENROLLMENT_KEY_SECRET_ARN=")
                .contains(
                        "ZONECAM_MQTT_HOST=\",{\"Fn::ImportValue\":\"zonecam-control:ExportsOutputFnGetAttIotEndpoint")
                .contains("ZONECAM_MQTT_PORT=8883\\nZONECAM_MQTT_TLS=true\\n"
                        + "ZONECAM_MQTT_TLS_KEY_FILE=/var/lib/zonecam/identity/node-key.pem\\n"
                        + "ZONECAM_MQTT_TLS_CERT_FILE=/var/lib/zonecam/identity/node-cert.pem\\n")
                .contains("chmod 700 /var/lib/zonecam/identity")
                .contains(
                        "ZONECAM_PLAYBACK_CDN_DOMAIN=\",{\"Fn::ImportValue\":\"zonecam-data:ExportsOutputFnGetAttPlaybackCdn")
                .doesNotContain("WSS")
                .contains("ZONECAM_NODE_ADVERTISED_HOST=$ip")
                .contains("meta-data/public-ipv4")
                .contains("zonecam-node.service")
                .contains("Zonecam/StreamNode")
                .contains("codedeploy-agent");
        // The image follows the instance type's architecture (Graviton here).
        assertThat(TestSupport.json(zone.toJSON().get("Parameters"))).contains("al2023-ami-kernel-6.1-arm64");
    }

    @Test
    void autoScalingGroupSpansTheZoneVpcWithTheConfiguredCapacity() {
        zone.hasResourceProperties(
                "AWS::AutoScaling::AutoScalingGroup",
                Match.objectLike(Map.of(
                        "AutoScalingGroupName",
                        "zonecam-node-euw1-a",
                        "MinSize",
                        "2",
                        "MaxSize",
                        "40",
                        // Never set unless configured: a deploy must not undo scaling.
                        "DesiredCapacity",
                        Match.absent(),
                        "HealthCheckType",
                        "EC2",
                        "TargetGroupARNs",
                        Match.anyValue())));
        zone.hasResourceProperties(
                "AWS::AutoScaling::ScalingPolicy", Match.objectLike(Map.of("PolicyType", "TargetTrackingScaling")));
    }

    @Test
    void networkLoadBalancerServesIngestAndWhepWithHealthChecksOnTheManagementPort() {
        zone.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                Match.objectLike(Map.of("Type", "network", "Scheme", "internet-facing")));
        for (int port : new int[] {8554, 1935, 8080}) {
            zone.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Port", port, "Protocol", "TCP")));
            zone.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                    Match.objectLike(Map.of(
                            "Port",
                            port,
                            "Protocol",
                            "TCP",
                            "TargetType",
                            "instance",
                            "HealthCheckPort",
                            "9000",
                            "HealthCheckPath",
                            "/q/health/ready",
                            "HealthCheckProtocol",
                            "HTTP")));
        }
    }

    @Test
    void instanceRoleTouchesOnlyItsZonesPrefixesAndNeverDeletesRecordings() {
        String policy = TestSupport.json(zone.findResources("AWS::IAM::Policy"));
        assertThat(policy)
                .contains("\"/zones/euw1-a/*\"")
                .contains("\"/deploy/euw1-a/*\"")
                .contains("\"s3:prefix\":[\"zones/euw1-a/*\"]")
                .doesNotContain("s3:DeleteObject")
                // Nodes reach IoT Core with their certificates: IAM grants for IoT would only widen SigV4 access.
                .doesNotContain("iot:")
                .doesNotContain("euw1-b");
        zone.hasResourceProperties(
                "AWS::IAM::Policy",
                TestSupport.policyStatement(Map.of(
                        "Sid", "ListRecordingsOfThisZone",
                        "Action", "s3:ListBucket",
                        "Condition", Map.of("StringLike", Map.of("s3:prefix", List.of("zones/euw1-a/*"))))));
    }

    @Test
    void rollingDeploysDrainTenPercentAtATimeAndRollBackOnAlarms() {
        zone.hasResourceProperties(
                "AWS::CodeDeploy::DeploymentConfig",
                Map.of(
                        "DeploymentConfigName",
                        "zonecam-node-euw1-a-rolling-10pct",
                        "MinimumHealthyHosts",
                        Map.of("Type", "FLEET_PERCENT", "Value", 90)));
        zone.hasResourceProperties(
                "AWS::CodeDeploy::DeploymentGroup",
                Match.objectLike(Map.of(
                        "DeploymentGroupName", "zonecam-node-euw1-a",
                        "DeploymentStyle", Map.of("DeploymentOption", "WITH_TRAFFIC_CONTROL"),
                        "TerminationHookEnabled", true,
                        "AutoRollbackConfiguration",
                                Map.of(
                                        "Enabled",
                                        true,
                                        "Events",
                                        List.of(
                                                "DEPLOYMENT_FAILURE",
                                                "DEPLOYMENT_STOP_ON_REQUEST",
                                                "DEPLOYMENT_STOP_ON_ALARM")),
                        "AlarmConfiguration",
                                Match.objectLike(Map.of(
                                        "Enabled",
                                        true,
                                        "Alarms",
                                        List.of(
                                                Map.of(
                                                        "Name",
                                                        TestSupport.ref(
                                                                zone, "AWS::CloudWatch::Alarm", "DeployCpuAlarm")),
                                                Map.of(
                                                        "Name",
                                                        TestSupport.ref(
                                                                zone,
                                                                "AWS::CloudWatch::Alarm",
                                                                "DeployUploadLagAlarm")),
                                                Map.of(
                                                        "Name",
                                                        TestSupport.ref(
                                                                zone,
                                                                "AWS::CloudWatch::Alarm",
                                                                "DeploySpoolBytesAlarm")),
                                                Map.of(
                                                        "Name",
                                                        TestSupport.ref(
                                                                zone,
                                                                "AWS::CloudWatch::Alarm",
                                                                "DeployFramesLostAlarm"))))),
                        "LoadBalancerInfo",
                                Map.of(
                                        "TargetGroupInfoList",
                                        Match.arrayWith(
                                                List.of(Match.objectLike(Map.of("Name", Match.anyValue()))))))));
    }

    @Test
    void alarmsWatchCpuAndTheNodesOwnMetrics() {
        zone.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Namespace",
                        "AWS/EC2",
                        "MetricName",
                        "CPUUtilization",
                        "Threshold",
                        85,
                        "Dimensions",
                        List.of(Map.of("Name", "AutoScalingGroupName", "Value", Match.anyValue())))));
        Map<String, Object[]> app = Map.of(
                "zonecam_upload_lag_seconds", new Object[] {"Maximum", 120},
                "zonecam_spool_bytes", new Object[] {"Maximum", 0.5 * 200 * 1024 * 1024 * 1024d},
                "zonecam_frames_lost_total", new Object[] {"Sum", 100});
        app.forEach((metric, stat) -> zone.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Namespace",
                        "Zonecam/StreamNode",
                        "MetricName",
                        metric,
                        "Statistic",
                        stat[0],
                        "Threshold",
                        stat[1],
                        "ComparisonOperator",
                        "GreaterThanThreshold",
                        "TreatMissingData",
                        "notBreaching",
                        "Dimensions",
                        List.of(Map.of("Name", "Zone", "Value", "euw1-a"))))));
    }

    private static Object ingress(String cidr, String protocol, int port) {
        return Match.objectLike(Map.of("CidrIp", cidr, "IpProtocol", protocol, "FromPort", port, "ToPort", port));
    }
}
