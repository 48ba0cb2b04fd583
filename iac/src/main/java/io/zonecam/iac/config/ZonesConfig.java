package io.zonecam.iac.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ZonesConfig is the validated content of a zones file: the control plane's settings and one entry per zone.
 *
 * <p>Every problem is collected and reported at once, so a bad file fails synthesis with one clear message
 * instead of a CloudFormation error minutes into a deploy.
 */
public record ZonesConfig(
        String account,
        String region,
        ControlPlane controlPlane,
        PlaybackCdn playbackCdn,
        DeviceBus deviceBus,
        List<Zone> zones) {

    /** Zone names become stack names, S3 prefixes and resource names: short, lower case, DNS-safe. */
    public static final Pattern ZONE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");
    /** A zone is a cell of at most tens of thousands of cameras: a few hundred nodes at most. */
    public static final int MAX_NODES_PER_ZONE = 500;

    public static final int MIN_SPOOL_GIB = 20;
    public static final int MAX_SPOOL_GIB = 16_384;

    /** ControlPlane holds the settings of the shared control plane (its VPC, database and Lambda sizing). */
    public record ControlPlane(
            String cidr,
            Integer natGateways,
            String tokenIssuer,
            Double auroraMinAcu,
            Double auroraMaxAcu,
            Integer auroraReaders,
            Integer lambdaMemoryMiB,
            String viewerUrl) {

        ControlPlane withDefaults() {
            return new ControlPlane(
                    cidr == null ? "10.0.0.0/16" : cidr,
                    natGateways == null ? 1 : natGateways,
                    tokenIssuer,
                    auroraMinAcu == null ? 0.5 : auroraMinAcu,
                    auroraMaxAcu == null ? 16.0 : auroraMaxAcu,
                    auroraReaders == null ? 1 : auroraReaders,
                    lambdaMemoryMiB == null ? 2048 : lambdaMemoryMiB,
                    viewerUrl);
        }
    }

    /** PlaybackCdn points at the CloudFront public key (PEM) that verifies signed recorded-playback URLs. */
    public record PlaybackCdn(String publicKeyFile) {}

    /** DeviceBus points at the platform CA certificate (PEM) that AWS IoT Core provisions devices of, just in time. */
    public record DeviceBus(String caCertificateFile) {}

    /** Zone is one cell: its own VPC range and its stream-node fleet's size. */
    public record Zone(
            String name,
            String cidr,
            String instanceType,
            Integer minCapacity,
            Integer maxCapacity,
            Integer desiredCapacity,
            Integer spoolGiB,
            Integer maxAzs,
            String certificateArn) {

        Zone withDefaults() {
            return new Zone(
                    name,
                    cidr,
                    instanceType == null ? "c7gn.xlarge" : instanceType,
                    minCapacity,
                    maxCapacity,
                    desiredCapacity,
                    spoolGiB == null ? 200 : spoolGiB,
                    maxAzs == null ? 2 : maxAzs,
                    certificateArn);
        }
    }

    /** Reads and validates a zones file; throws {@link ZonesConfigException} listing every problem. */
    public static ZonesConfig load(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ZonesConfigException(source, List.of("file not found (pass another with -c zonesFile=PATH)"));
        }
        try {
            return parse(Files.readString(file), source);
        } catch (IOException e) {
            throw new ZonesConfigException(source, "cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Parses and validates zones JSON; {@code source} names it in error messages. */
    public static ZonesConfig parse(String json, String source) {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        ZonesConfig raw;
        try {
            raw = mapper.readValue(json, ZonesConfig.class);
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? "" : " at " + path(e.getPath());
            throw new ZonesConfigException(source, "malformed" + where + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ZonesConfigException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (raw == null) {
            throw new ZonesConfigException(source, List.of("the file is empty"));
        }
        ZonesConfig config = raw.withDefaults();
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new ZonesConfigException(source, problems);
        }
        return config;
    }

    /** Finds a zone by name. */
    public Zone zone(String name) {
        return zones.stream()
                .filter(z -> z.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no zone named " + name));
    }

    private ZonesConfig withDefaults() {
        ControlPlane cp = (controlPlane == null
                        ? new ControlPlane(null, null, null, null, null, null, null, null)
                        : controlPlane)
                .withDefaults();
        List<Zone> zs = new ArrayList<>();
        if (zones != null) {
            for (Zone z : zones) {
                zs.add(z == null ? null : z.withDefaults());
            }
        }
        return new ZonesConfig(account, region, cp, playbackCdn, deviceBus, zs);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, Cidr> ranges = new java.util.LinkedHashMap<>();

        Cidr cpCidr = cidr("controlPlane.cidr", controlPlane.cidr(), problems);
        if (cpCidr != null) {
            ranges.put("the control plane", cpCidr);
        }
        if (controlPlane.natGateways() < 1 || controlPlane.natGateways() > 3) {
            problems.add("controlPlane.natGateways " + controlPlane.natGateways()
                    + " is out of range 1..3 (the functions reach AWS APIs through NAT)");
        }
        if (controlPlane.tokenIssuer() == null || !controlPlane.tokenIssuer().startsWith("https://")) {
            problems.add("controlPlane.tokenIssuer must be an https:// URL (the 'iss' of every token), got "
                    + controlPlane.tokenIssuer());
        }
        if (controlPlane.auroraMinAcu() < 0
                || controlPlane.auroraMaxAcu() > 256
                || controlPlane.auroraMinAcu() > controlPlane.auroraMaxAcu()) {
            problems.add("controlPlane Aurora capacity " + controlPlane.auroraMinAcu() + ".."
                    + controlPlane.auroraMaxAcu() + " ACU is out of range (0 <= min <= max <= 256)");
        }
        if (controlPlane.auroraReaders() < 0 || controlPlane.auroraReaders() > 15) {
            problems.add("controlPlane.auroraReaders " + controlPlane.auroraReaders() + " is out of range 0..15");
        }
        if (controlPlane.lambdaMemoryMiB() < 512 || controlPlane.lambdaMemoryMiB() > 10_240) {
            problems.add(
                    "controlPlane.lambdaMemoryMiB " + controlPlane.lambdaMemoryMiB() + " is out of range 512..10240");
        }
        if (controlPlane.viewerUrl() != null && !controlPlane.viewerUrl().startsWith("https://")) {
            problems.add("controlPlane.viewerUrl must be an https:// URL (where share links point), got "
                    + controlPlane.viewerUrl());
        }
        if (playbackCdn == null
                || playbackCdn.publicKeyFile() == null
                || playbackCdn.publicKeyFile().isBlank()) {
            problems.add(
                    "playbackCdn.publicKeyFile is missing (the CloudFront public key that verifies signed playback URLs)");
        }
        if (deviceBus == null
                || deviceBus.caCertificateFile() == null
                || deviceBus.caCertificateFile().isBlank()) {
            problems.add("deviceBus.caCertificateFile is missing (the platform CA certificate that AWS IoT Core"
                    + " provisions cameras and nodes of)");
        }

        if (zones.isEmpty()) {
            problems.add("zones is empty: declare at least one zone");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            String at = "zones[" + i + "]";
            if (z == null) {
                problems.add(at + " is null");
                continue;
            }
            if (z.name() == null || !ZONE_NAME.matcher(z.name()).matches()) {
                problems.add(at + " name '" + z.name()
                        + "' must be 2-20 characters of a-z, 0-9 and '-', starting with a letter");
            } else {
                at = "zone '" + z.name() + "'";
                Integer previous = seen.putIfAbsent(z.name(), i);
                if (previous != null) {
                    problems.add(
                            "duplicate zone name '" + z.name() + "' (zones[" + previous + "] and zones[" + i + "])");
                }
            }
            Cidr c = cidr(at + " cidr", z.cidr(), problems);
            if (c != null) {
                if (c.prefix() < 16 || c.prefix() > 24) {
                    problems.add(at + " cidr " + z.cidr() + " must be a /16 to /24 block (a VPC range)");
                }
                for (Map.Entry<String, Cidr> other : ranges.entrySet()) {
                    if (c.overlaps(other.getValue())) {
                        problems.add(at + " cidr " + z.cidr() + " overlaps " + other.getKey() + " cidr "
                                + other.getValue().text() + ": every zone needs its own range");
                    }
                }
                ranges.putIfAbsent(at, c);
            }
            capacity(at, z, problems);
            if (z.spoolGiB() < MIN_SPOOL_GIB || z.spoolGiB() > MAX_SPOOL_GIB) {
                problems.add(
                        at + " spoolGiB " + z.spoolGiB() + " is out of range " + MIN_SPOOL_GIB + ".." + MAX_SPOOL_GIB);
            }
            if (z.maxAzs() < 1 || z.maxAzs() > 3) {
                problems.add(at + " maxAzs " + z.maxAzs() + " is out of range 1..3");
            }
            if (!z.instanceType().matches("[a-z][a-z0-9-]*\\.[a-z0-9]+")) {
                problems.add(
                        at + " instanceType '" + z.instanceType() + "' is not an EC2 instance type like c7gn.xlarge");
            }
            if (z.certificateArn() != null && !z.certificateArn().startsWith("arn:")) {
                problems.add(at + " certificateArn '" + z.certificateArn() + "' is not an ARN");
            }
        }
        return problems;
    }

    private static void capacity(String at, Zone z, List<String> problems) {
        if (z.minCapacity() == null || z.maxCapacity() == null) {
            problems.add(at + " needs minCapacity and maxCapacity (nodes)");
            return;
        }
        int min = z.minCapacity();
        int max = z.maxCapacity();
        if (min < 1 || min > MAX_NODES_PER_ZONE) {
            problems.add(at + " minCapacity " + min + " is out of range 1.." + MAX_NODES_PER_ZONE);
        }
        if (max < 1 || max > MAX_NODES_PER_ZONE) {
            problems.add(at + " maxCapacity " + max + " is out of range 1.." + MAX_NODES_PER_ZONE
                    + " (a bigger zone is more zones, not a bigger one)");
        }
        if (min > max) {
            problems.add(at + " minCapacity " + min + " is greater than maxCapacity " + max);
        }
        Integer desired = z.desiredCapacity();
        if (desired != null && (desired < min || desired > max)) {
            problems.add(
                    at + " desiredCapacity " + desired + " is outside minCapacity..maxCapacity " + min + ".." + max);
        }
    }

    private static Cidr cidr(String what, String text, List<String> problems) {
        if (text == null) {
            problems.add(what + " is missing");
            return null;
        }
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
