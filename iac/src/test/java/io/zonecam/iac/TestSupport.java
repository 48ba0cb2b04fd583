package io.zonecam.iac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.iac.config.AppSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** TestSupport builds CDK apps for the tests, synthesizes the sample zones file once for all of them, and reads templates. */
public final class TestSupport {
    private static Path cdnKey;
    private static Path platformCa;
    private static Sample sample;

    private TestSupport() {}

    /** The sample app (iac/zones.json) with its templates, synthesized once per test JVM. */
    public record Sample(ZonecamApp.Stacks stacks, Template data, Template controlPlane, Map<String, Template> zones) {}

    public static synchronized Sample sample() {
        if (sample == null) {
            ZonecamApp.Stacks stacks = build(Path.of("zones.json"), Map.of());
            Map<String, Template> zones = new java.util.LinkedHashMap<>();
            stacks.zones().forEach((name, stack) -> zones.put(name, Template.fromStack(stack)));
            sample = new Sample(
                    stacks, Template.fromStack(stacks.data()), Template.fromStack(stacks.controlPlane()), zones);
        }
        return sample;
    }

    /** Builds the app for a zones file, with a throwaway CDN key and placeholder Lambda code. */
    public static ZonecamApp.Stacks build(Path zonesFile, Map<String, Object> extraContext) {
        return ZonecamApp.build(app(zonesFile, extraContext));
    }

    public static App app(Path zonesFile, Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>();
        context.put(AppSettings.ZONES_FILE, zonesFile.toString());
        context.put(AppSettings.PLAYBACK_CDN_PUBLIC_KEY_FILE, cdnPublicKey().toString());
        context.put(AppSettings.PLATFORM_CA_CERTIFICATE_FILE, platformCa().toString());
        context.put(AppSettings.ALLOW_PLACEHOLDER_ARTIFACTS, "true");
        // Never pick up a zip some other build left behind: the tests pin the placeholder.
        context.put(AppSettings.CONTROL_LAMBDA_ARTIFACT, "target/no-such-function.zip");
        context.putAll(extraContext);
        try {
            Path out = Files.createTempDirectory("zonecam-cdk-out");
            return new App(
                    AppProps.builder().outdir(out.toString()).context(context).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes zones JSON to a temporary file. */
    public static Path zonesFile(String json) {
        try {
            Path file = Files.createTempFile("zones", ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh RSA public key in PEM, like the one an operator makes with openssl for CloudFront. */
    public static synchronized Path cdnPublicKey() {
        if (cdnKey == null) {
            try {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                String b64 = Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(gen.generateKeyPair().getPublic().getEncoded());
                cdnKey = Files.createTempFile("playback-cdn-public", ".pem");
                Files.writeString(cdnKey, "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
            } catch (NoSuchAlgorithmException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return cdnKey;
    }

    /** A self-signed CA certificate (PEM) made by openssl, as the operator exports the platform CA's. */
    public static synchronized Path platformCa() {
        if (platformCa == null) {
            platformCa = selfSigned(
                    "/O=Zonecam test/CN=Zonecam test platform CA",
                    "basicConstraints=critical,CA:TRUE",
                    "keyUsage=critical,keyCertSign,cRLSign");
        }
        return platformCa;
    }

    /** A fresh self-signed P-256 certificate (PEM file) by openssl, with {@code extensions} ({@code -addext}). */
    public static Path selfSigned(String subject, String... extensions) {
        try {
            Path dir = Files.createTempDirectory("cert");
            Path cert = dir.resolve("cert.pem");
            List<String> args = new ArrayList<>(List.of(
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    cert.toString(),
                    "-days",
                    "30",
                    "-subj",
                    subject));
            for (String e : extensions) {
                args.add("-addext");
                args.add(e);
            }
            openssl(args.toArray(String[]::new));
            return cert;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs openssl with {@code args}; fails with its output when it exits non-zero. */
    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Compact JSON of a template fragment, for substring checks. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The logical id of the only resource of a type whose id starts with a prefix. */
    public static String logicalId(Template template, String type, String prefix) {
        List<String> ids = template.findResources(type).keySet().stream()
                .filter(id -> id.startsWith(prefix))
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " named " + prefix + "*, found " + ids);
        }
        return ids.get(0);
    }

    /** Every IAM policy statement of a template: inline policies of roles and AWS::IAM::Policy resources. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> iamStatements(Template template) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> policy :
                template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            out.addAll(
                    (List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement"));
        }
        for (Map<String, Object> role : template.findResources("AWS::IAM::Role").values()) {
            Map<String, Object> props = (Map<String, Object>) role.get("Properties");
            for (Map<String, Object> p : (List<Map<String, Object>>) props.getOrDefault("Policies", List.of())) {
                out.addAll(
                        (List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"));
            }
        }
        return out;
    }

    /**
     * The actions each IAM role of a template is allowed, by the role's logical id: its inline policies, the
     * AWS::IAM::Policy resources attached to it, and the names of its managed policies (as {@code managed:...}).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, java.util.SortedSet<String>> actionsByRole(Template template) {
        Map<String, java.util.SortedSet<String>> out = new java.util.TreeMap<>();
        template.findResources("AWS::IAM::Role").forEach((id, role) -> {
            java.util.SortedSet<String> actions = out.computeIfAbsent(id, k -> new java.util.TreeSet<>());
            Map<String, Object> props = (Map<String, Object>) role.get("Properties");
            for (Map<String, Object> p : (List<Map<String, Object>>) props.getOrDefault("Policies", List.of())) {
                allowed((Map<String, Object>) p.get("PolicyDocument"), actions);
            }
            for (Object managed : (List<Object>) props.getOrDefault("ManagedPolicyArns", List.of())) {
                String arn = json(managed);
                actions.add("managed:" + arn.substring(arn.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9-]", ""));
            }
        });
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            for (Object role : (List<Object>) props.getOrDefault("Roles", List.of())) {
                String id = String.valueOf(((Map<String, Object>) role).get("Ref"));
                allowed(
                        (Map<String, Object>) props.get("PolicyDocument"),
                        out.computeIfAbsent(id, k -> new java.util.TreeSet<>()));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void allowed(Map<String, Object> document, java.util.Set<String> into) {
        for (Map<String, Object> st : (List<Map<String, Object>>) document.get("Statement")) {
            if ("Allow".equals(st.get("Effect"))) {
                into.addAll(actions(st));
            }
        }
    }

    /** A statement's actions (Action may be a string or a list). */
    @SuppressWarnings("unchecked")
    public static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? (List<String>) l : List.of((String) a);
    }

    /** A statement's resources as JSON strings (literal ARNs stay quoted strings). */
    public static List<String> resources(Map<String, Object> statement) {
        Object r = statement.get("Resource");
        List<?> list = r instanceof List<?> l ? l : List.of(r);
        return list.stream().map(TestSupport::json).toList();
    }

    /** A bucket's {@code PublicAccessBlockConfiguration} with all four blocks on. */
    public static Map<String, Object> allPublicAccessBlocked() {
        return Map.of(
                "BlockPublicAcls",
                true,
                "BlockPublicPolicy",
                true,
                "IgnorePublicAcls",
                true,
                "RestrictPublicBuckets",
                true);
    }

    /** A bucket's {@code ServerSideEncryptionConfiguration}: S3-managed keys (SSE-S3, AES256). */
    public static List<Map<String, Object>> sseS3() {
        return List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")));
    }

    /** A {@code {"Ref": <logical id>}} of the resource of {@code type} whose logical id starts with {@code prefix}. */
    public static Map<String, Object> ref(Template template, String type, String prefix) {
        return Map.of("Ref", logicalId(template, type, prefix));
    }

    /** A (bucket or IAM) policy document matcher holding a statement like {@code statement}. */
    public static Object policyStatement(Map<String, Object> statement) {
        return Match.objectLike(Map.of(
                "PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(statement)))))));
    }

    /** An IoT policy named {@code name} whose document holds exactly {@code statements}, in order. */
    public static Map<String, Object> iotPolicy(String name, List<?> statements) {
        return Map.of("PolicyName", name, "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", statements));
    }
}
