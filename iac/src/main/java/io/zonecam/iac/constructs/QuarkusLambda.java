package io.zonecam.iac.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * QuarkusLambda is one route group of the control-plane Quarkus application (amazon-lambda-http) deployed as a
 * Lambda function with a {@code live} alias that API Gateway invokes.
 *
 * <p>JVM mode runs java21 with SnapStart, which only applies to published versions, hence the alias. Native mode
 * runs the Quarkus native {@code bootstrap} on provided.al2023, where SnapStart does not apply.
 */
public final class QuarkusLambda extends Construct {
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    public static final String ALIAS = "live";

    private final Function function;
    private final Alias alias;

    /** Props are what differs between route groups; everything else is the same for all of them. */
    public record Props(
            String routeGroup,
            Code code,
            boolean nativeImage,
            int memoryMiB,
            IVpc vpc,
            List<ISecurityGroup> securityGroups,
            Map<String, String> environment) {}

    public QuarkusLambda(Construct scope, String id, Props props) {
        super(scope, id);
        Map<String, String> env = new LinkedHashMap<>(props.environment());
        env.put("ZONECAM_ROUTE_GROUP", props.routeGroup());
        if (props.nativeImage()) {
            // Quarkus native on Lambda: the runtime's signals would otherwise interrupt the image.
            env.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else {
            // C1 only: cheaper start and restore for short request bursts (AWS guidance for Java on Lambda).
            env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Function.Builder fn = Function.Builder.create(this, "Function")
                .description("Zonecam control plane: " + props.routeGroup() + " routes")
                .code(props.code())
                .handler(HANDLER)
                .memorySize(props.memoryMiB())
                // API Gateway HTTP APIs give up after 30 s.
                .timeout(Duration.seconds(29))
                .vpc(props.vpc())
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .securityGroups(props.securityGroups())
                .allowPublicSubnet(false)
                .environment(env)
                .logGroup(logs);
        if (props.nativeImage()) {
            // Native images are built on x86-64 build machines.
            fn.runtime(Runtime.PROVIDED_AL2023).architecture(Architecture.X86_64);
        } else {
            fn.runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        this.function = fn.build();
        if (!props.nativeImage()) {
            // SnapStart needs published versions: the live alias always points at one.
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "every deploy publishes a version for the live alias");
        }
        this.alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** The function (grants go here: the alias runs with the function's role). */
    public Function function() {
        return function;
    }

    /** The published alias that API Gateway invokes. */
    public Alias alias() {
        return alias;
    }
}
