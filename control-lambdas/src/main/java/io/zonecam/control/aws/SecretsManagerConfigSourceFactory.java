package io.zonecam.control.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SecretsManagerConfigSourceFactory turns the production secrets named by {@code *-secret-arn} settings (database
 * login, token-signing key, hashing pepper, CDN signing key, platform CA key, webhook secret key) into
 * configuration at start, so no secret sits in an environment
 * variable or a template. Without any of those settings (locally, in tests) it adds nothing.
 */
public class SecretsManagerConfigSourceFactory implements ConfigSourceFactory {

    static final String DB = "zonecam.db.secret-arn";
    static final String SIGNING_KEY = "zonecam.tokens.signing-key-secret-arn";
    static final String PEPPER = "zonecam.secrets.pepper-secret-arn";
    static final String CDN_KEY = "zonecam.playback.cdn.signing-key-secret-arn";
    static final String CA = "zonecam.ca.secret-arn";
    static final String WEBHOOK_KEY = "zonecam.webhooks.secret-key-secret-arn";
    /** Above application.properties (250), below environment variables (300). */
    static final int ORDINAL = 275;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (String name : List.of(DB, SIGNING_KEY, PEPPER, CDN_KEY, CA, WEBHOOK_KEY)) {
            ConfigValue v = context.getValue(name);
            if (v != null && v.getValue() != null && !v.getValue().isBlank()) {
                arns.put(name, v.getValue());
            }
        }
        if (arns.isEmpty()) {
            return List.of();
        }
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Map<String, String> props = toProperties(
                    arns, arn -> client.getSecretValue(r -> r.secretId(arn)).secretString());
            return List.of(new PropertiesConfigSource(props, "aws-secrets-manager", ORDINAL));
        }
    }

    /** The configuration that the secrets provide; {@code fetch} reads a secret string by ARN. */
    static Map<String, String> toProperties(Map<String, String> arns, Function<String, String> fetch) {
        Secrets secrets = new Secrets(arns, fetch, new LinkedHashMap<>());
        secrets.json(DB, "username", "quarkus.datasource.username", "password", "quarkus.datasource.password");
        JsonNode key = secrets.json(SIGNING_KEY, "privateKey", "zonecam.tokens.signing-key");
        if (key != null) {
            // Publish the next key before it signs anything, and the previous ones until their tokens expire.
            List<String> published = new ArrayList<>();
            if (key.path("next").hasNonNull("publicKey")) {
                published.add(key.path("next").path("publicKey").asText());
            }
            for (JsonNode p : key.path("previous")) {
                if (p.hasNonNull("publicKey")) {
                    published.add(p.path("publicKey").asText());
                }
            }
            if (!published.isEmpty()) {
                secrets.props.put("zonecam.tokens.previous-public-keys", String.join(",", published));
            }
        }
        secrets.text(PEPPER, "zonecam.secrets.pepper");
        secrets.text(CDN_KEY, "zonecam.playback.cdn.signing-key");
        secrets.json(CA, "privateKey", "zonecam.ca.private-key", "certificate", "zonecam.ca.certificate");
        secrets.text(WEBHOOK_KEY, "zonecam.webhooks.secret-key");
        return secrets.props;
    }

    /** Reads the secrets that {@code arns} names (by setting) into {@code props}; an unnamed secret is skipped. */
    private record Secrets(Map<String, String> arns, Function<String, String> fetch, Map<String, String> props) {

        /** A plain-text secret: its whole string, trimmed, is the property's value. */
        void text(String setting, String property) {
            String arn = arns.get(setting);
            if (arn != null) {
                props.put(property, fetch.apply(arn).trim());
            }
        }

        /**
         * A JSON secret whose fields each set one property, given as pairs ({@code field, property, …}); every
         * field must be present. Returns the object for further reading, or null when the secret is not named.
         */
        JsonNode json(String setting, String... fieldsAndProperties) {
            String arn = arns.get(setting);
            if (arn == null) {
                return null;
            }
            JsonNode node = SecretsManagerConfigSourceFactory.json(fetch.apply(arn), setting);
            for (int i = 0; i < fieldsAndProperties.length; i += 2) {
                props.put(fieldsAndProperties[i + 1], required(node, fieldsAndProperties[i], setting));
            }
            return node;
        }
    }

    private static JsonNode json(String text, String setting) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("the secret named by " + setting + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("the secret named by " + setting + " is not JSON");
        }
    }

    private static String required(JsonNode node, String field, String setting) {
        if (!node.hasNonNull(field)) {
            throw new IllegalStateException("the secret named by " + setting + " has no '" + field + "'");
        }
        return node.get(field).asText();
    }
}
