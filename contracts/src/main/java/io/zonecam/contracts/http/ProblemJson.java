package io.zonecam.contracts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * ProblemJson writes the RFC 9457 problem documents every Zonecam server answers errors with (the control plane and
 * the stream nodes alike), so clients and SDKs read one format:
 *
 * <pre>
 * {"type":"https://zonecam.io/problems/request-header-fields-too-large","title":"Request Header Fields Too Large",
 *  "status":431,"detail":"The request headers are larger than 16384 bytes.","instance":"/v1/cameras"}
 * </pre>
 */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The problem types' URIs: this root and a slug. */
    public static final String TYPE_ROOT = "https://zonecam.io/problems/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {}

    /** The slug of a problem type named after its title: "Payload Too Large" is {@code payload-too-large}. */
    public static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The problem document, members in the order above. */
    public static String render(int status, String slug, String title, String detail, String instance) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", TYPE_ROOT + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and a number always serializes", e);
        }
    }
}
