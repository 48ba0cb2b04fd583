package io.zonecam.ingest.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PublishPath is the camera id and query parameters found in a publish URL path such as
 * {@code /live/cam-42?token=eyJ...}.
 *
 * @param application the first path segment ({@code live})
 * @param cameraId    the second path segment
 * @param query       the query parameters, URL-decoded; the first value of a repeated name wins
 */
public record PublishPath(String application, String cameraId, Map<String, String> query) {

    /** Camera ids are URL-safe identifiers; anything else is refused before it reaches logs or the authorizer. */
    private static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private static final int MAX_QUERY_PARAMETERS = 32;

    /** True when the text is an acceptable camera id. */
    public static boolean isValidCameraId(String id) {
        return id != null && CAMERA_ID.matcher(id).matches();
    }

    /**
     * Parses {@code /<application>/<cameraId>[/<more>][?query]}; segments after the camera id (RTSP track controls
     * such as {@code streamid=0}) are ignored. Returns null when the path does not name a valid camera.
     */
    public static PublishPath parse(String pathAndQuery) {
        if (pathAndQuery == null) {
            return null;
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(pathAndQuery.substring(q + 1));
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        if (segments.length < 2 || segments[0].isEmpty() || !isValidCameraId(segments[1])) {
            return null;
        }
        return new PublishPath(segments[0], segments[1], query);
    }

    /** Parses {@code a=b&c=d}; ffmpeg may append a control path after the query ({@code ?token=x/streamid=0}). */
    public static Map<String, String> parseQuery(String query) {
        Map<String, String> map = new LinkedHashMap<>();
        int count = 0;
        for (String pair : query.split("&")) {
            if (pair.isEmpty() || ++count > MAX_QUERY_PARAMETERS) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            map.putIfAbsent(decode(name), decode(value));
        }
        return map;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is kept literally rather than failing the whole request
        }
    }
}
