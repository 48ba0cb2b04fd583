package io.zonecam.iac.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.LoadBalancer;
import software.amazon.awscdk.services.codedeploy.MinimumHealthyHosts;
import software.amazon.awscdk.services.codedeploy.ServerApplication;
import software.amazon.awscdk.services.codedeploy.ServerDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.ServerDeploymentGroup;
import software.constructs.Construct;

/**
 * DrainingDeployment is one zone's CodeDeploy application and deployment group: rolling in-place deploys of the
 * stream node, {@link #BATCH_PERCENT}% of the nodes at a time, whose hooks drain each node before stopping it,
 * and which roll back on their own when a zone alarm fires.
 *
 * <p>The hooks live in the revision ({@code src/main/resources/codedeploy/appspec.yml}); the termination hook
 * makes Auto Scaling scale-in run the same drain.
 */
public final class DrainingDeployment extends Construct {
    public static final int BATCH_PERCENT = 10;
    public static final double CPU_PERCENT = 85;
    public static final double UPLOAD_LAG_SECONDS = 120;
    public static final double SPOOL_FULL_FRACTION = 0.5;
    public static final double FRAMES_LOST_PER_MINUTE = 100;

    private final ServerApplication application;
    private final ServerDeploymentGroup group;
    private final Map<String, Alarm> alarms;

    /** Props are the zone's fleet and the size of its spool volume (for the spool alarm). */
    public record Props(String zone, StreamNodeFleet fleet, int spoolGiB) {}

    public DrainingDeployment(Construct scope, String id, Props props) {
        super(scope, id);
        String zone = props.zone();
        Map<String, String> zoneDimension = Map.of("Zone", zone);
        // Ordered, so the template is the same at every synth.
        alarms = new LinkedHashMap<>();
        alarms.put(
                "cpu",
                alarm(
                        "CpuAlarm",
                        zone,
                        "CPU of the zone's nodes",
                        Metric.Builder.create()
                                .namespace("AWS/EC2")
                                .metricName("CPUUtilization")
                                .dimensionsMap(Map.of(
                                        "AutoScalingGroupName",
                                        props.fleet().autoScalingGroup().getAutoScalingGroupName()))
                                .statistic("Average")
                                .period(Duration.minutes(1))
                                .build(),
                        CPU_PERCENT,
                        TreatMissingData.MISSING));
        alarms.put(
                "uploadLag",
                alarm(
                        "UploadLagAlarm",
                        zone,
                        "oldest spooled recording not yet in S3",
                        appMetric("zonecam_upload_lag_seconds", "Maximum", zoneDimension),
                        UPLOAD_LAG_SECONDS,
                        TreatMissingData.NOT_BREACHING));
        alarms.put(
                "spoolBytes",
                alarm(
                        "SpoolBytesAlarm",
                        zone,
                        "bytes waiting in a node's spool",
                        appMetric("zonecam_spool_bytes", "Maximum", zoneDimension),
                        SPOOL_FULL_FRACTION * props.spoolGiB() * 1024d * 1024d * 1024d,
                        TreatMissingData.NOT_BREACHING));
        alarms.put(
                "framesLost",
                alarm(
                        "FramesLostAlarm",
                        zone,
                        "frames lost in the zone (counter deltas)",
                        appMetric("zonecam_frames_lost_total", "Sum", zoneDimension),
                        FRAMES_LOST_PER_MINUTE,
                        TreatMissingData.NOT_BREACHING));

        application = ServerApplication.Builder.create(this, "Application")
                .applicationName("zonecam-node-" + zone)
                .build();
        ServerDeploymentConfig config = ServerDeploymentConfig.Builder.create(this, "Rolling")
                .deploymentConfigName("zonecam-node-" + zone + "-rolling-" + BATCH_PERCENT + "pct")
                .minimumHealthyHosts(MinimumHealthyHosts.percentage(100 - BATCH_PERCENT))
                .build();
        group = ServerDeploymentGroup.Builder.create(this, "Group")
                .application(application)
                .deploymentGroupName("zonecam-node-" + zone)
                .deploymentConfig(config)
                .autoScalingGroups(List.of(props.fleet().autoScalingGroup()))
                // The agent is installed by the launch template's user data, with no IAM grant to do so.
                .installAgent(false)
                // Traffic control: deregister from the NLB after BeforeBlockTraffic (the drain), re-register after.
                .loadBalancers(props.fleet().targetGroups().stream()
                        .map(LoadBalancer::network)
                        .toList())
                .terminationHook(true)
                .alarms(List.copyOf(alarms.values()))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true)
                        .stoppedDeployment(true)
                        .deploymentInAlarm(true)
                        .build())
                .build();
    }

    private Alarm alarm(
            String id, String zone, String what, Metric metric, double threshold, TreatMissingData missing) {
        return Alarm.Builder.create(this, id)
                .alarmName("zonecam-" + zone + "-" + id.replace("Alarm", "").toLowerCase())
                .alarmDescription("Zone " + zone + ": " + what + " (rolls back a running deploy)")
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(2)
                .treatMissingData(missing)
                .build();
    }

    private static Metric appMetric(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(NodeBootstrap.METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(Duration.minutes(1))
                .build();
    }

    public ServerApplication application() {
        return application;
    }

    public ServerDeploymentGroup group() {
        return group;
    }

    /** The rollback alarms by key: cpu, uploadLag, spoolBytes, framesLost. */
    public Map<String, Alarm> alarms() {
        return alarms;
    }
}
