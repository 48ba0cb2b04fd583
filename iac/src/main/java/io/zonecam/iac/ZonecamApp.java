package io.zonecam.iac;

import io.zonecam.iac.config.AppSettings;
import io.zonecam.iac.config.PlatformCaFile;
import io.zonecam.iac.config.ZonesConfig;
import io.zonecam.iac.config.ZonesConfigException;
import io.zonecam.iac.stacks.ControlPlaneStack;
import io.zonecam.iac.stacks.DataStack;
import io.zonecam.iac.stacks.ViewerStack;
import io.zonecam.iac.stacks.ZoneStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * ZonecamApp is the CDK app: the data stack, the control-plane stack and one stack per zone of the zones file.
 *
 * <p>Run it through {@code npx aws-cdk synth|deploy} from {@code iac/} (see cdk.json and the README); the tests
 * call {@link #build(App)} directly.
 */
public final class ZonecamApp {
    public static final String DATA_STACK = "zonecam-data";
    public static final String CONTROL_PLANE_STACK = "zonecam-control";
    public static final String VIEWER_STACK = "zonecam-viewer";

    /** Stacks are the stacks of one built app, by role and zone name. */
    public record Stacks(
            ZonesConfig config,
            DataStack data,
            ControlPlaneStack controlPlane,
            ViewerStack viewer,
            Map<String, ZoneStack> zones) {}

    private ZonecamApp() {}

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (ZonesConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Builds every stack into {@code app} from its context; throws {@link ZonesConfigException} on a bad file. */
    public static Stacks build(App app) {
        AppSettings settings = AppSettings.fromContext(app.getNode());
        ZonesConfig config = ZonesConfig.load(settings.zonesFile());
        String publicKey = readPublicKey(settings.resolvePlaybackCdnPublicKey(config), settings.zonesFile());
        String platformCa = PlatformCaFile.read(settings.resolvePlatformCaCertificate(config), settings.zonesFile());

        StackProps.Builder props = StackProps.builder();
        Environment env = environment(config);
        if (env != null) {
            props.env(env);
        }
        Tags.of(app).add("project", "zonecam");

        DataStack data = new DataStack(
                app,
                DATA_STACK,
                props.terminationProtection(true)
                        .description("Zonecam data: Aurora, keys, recordings bucket, playback CDN")
                        .build(),
                config,
                publicKey);
        ControlPlaneStack controlPlane = new ControlPlaneStack(
                app,
                CONTROL_PLANE_STACK,
                props.terminationProtection(false)
                        .description("Zonecam control plane: API Gateway, Lambda functions, IoT Core")
                        .build(),
                config,
                data,
                settings,
                platformCa);
        ViewerStack viewer = new ViewerStack(
                app,
                VIEWER_STACK,
                props.terminationProtection(false)
                        .description("Zonecam web viewer: S3 + CloudFront, with the API under the same origin")
                        .build(),
                controlPlane,
                settings);
        Map<String, ZoneStack> zones = new LinkedHashMap<>();
        for (ZonesConfig.Zone zone : config.zones()) {
            ZoneStack stack = new ZoneStack(
                    app,
                    zoneStackName(zone.name()),
                    props.terminationProtection(false)
                            .description("Zonecam zone " + zone.name() + ": stream-node fleet and its deploys")
                            .build(),
                    zone,
                    data,
                    controlPlane);
            Tags.of(stack).add("zonecam:zone", zone.name());
            zones.put(zone.name(), stack);
        }
        return new Stacks(config, data, controlPlane, viewer, zones);
    }

    /** The stack name of a zone, e.g. {@code zonecam-zone-euw1-a}. */
    public static String zoneStackName(String zone) {
        return "zonecam-zone-" + zone;
    }

    private static Environment environment(ZonesConfig config) {
        String account = config.account() != null ? config.account() : System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = config.region() != null ? config.region() : System.getenv("CDK_DEFAULT_REGION");
        if (account == null && region == null) {
            return null; // environment-agnostic: what the tests synthesize
        }
        return Environment.builder().account(account).region(region).build();
    }

    private static String readPublicKey(Path file, Path zonesFile) {
        String source = zonesFile.toString();
        if (!Files.isRegularFile(file)) {
            throw new ZonesConfigException(
                    source,
                    List.of("playbackCdn.publicKeyFile " + file + " not found; create the"
                            + " key pair once (README, 'Bootstrap') or pass -c "
                            + AppSettings.PLAYBACK_CDN_PUBLIC_KEY_FILE + "=PATH"));
        }
        try {
            String pem = Files.readString(file).trim();
            if (!pem.startsWith("-----BEGIN PUBLIC KEY-----") || !pem.endsWith("-----END PUBLIC KEY-----")) {
                throw new ZonesConfigException(
                        source,
                        List.of("playbackCdn.publicKeyFile " + file
                                + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)"));
            }
            return pem + "\n";
        } catch (IOException e) {
            throw new ZonesConfigException(source, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
