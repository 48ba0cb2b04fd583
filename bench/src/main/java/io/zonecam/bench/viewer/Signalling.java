package io.zonecam.bench.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Signalling exchanges a viewer's description with a server and returns the server's SDP: WHEP (RFC 9725) for a
 * Zonecam node, where the viewer offers, or the Janus HTTP API and its streaming plugin, where Janus offers.
 */
interface Signalling {

    HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server's SDP (answer or offer) and the viewer's SDP the server accepted. */
    record Exchange(String serverSdp, SessionDescription.Remote remote, Runnable close) {}

    Exchange negotiate(SessionDescription.Local local) throws IOException, InterruptedException;

    /** WHEP: POST the offer with the live token, read the answer; DELETE the session resource to leave. */
    static Signalling whep(URI endpoint, String token) {
        return local -> {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/sdp")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(SessionDescription.offer(local)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException("WHEP POST answered " + r.statusCode() + ": " + r.body());
            }
            URI resource =
                    r.headers().firstValue("Location").map(endpoint::resolve).orElse(null);
            Runnable close = () -> {
                if (resource != null) {
                    HTTP.sendAsync(
                            HttpRequest.newBuilder(resource).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                }
            };
            return new Exchange(r.body(), SessionDescription.Remote.parse(r.body()), close);
        };
    }

    /**
     * Janus: create a session, attach the streaming plugin, {@code watch} a mountpoint, take Janus's offer from the
     * event long-poll, and {@code start} with the viewer's answer. Janus runs with {@code session_timeout = 0}, so
     * no keep-alives are needed.
     */
    static Signalling janus(URI base, int mountpoint) {
        ObjectMapper json = new ObjectMapper();
        return local -> {
            long session = janusCall(json, base.resolve("/janus"), "{\"janus\":\"create\"}")
                    .path("data")
                    .path("id")
                    .asLong();
            URI sessionUri = base.resolve("/janus/" + session);
            long handle = janusCall(json, sessionUri, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.streaming\"}")
                    .path("data")
                    .path("id")
                    .asLong();
            URI handleUri = base.resolve("/janus/" + session + "/" + handle);
            janusCall(
                    json,
                    handleUri,
                    "{\"janus\":\"message\",\"body\":{\"request\":\"watch\",\"id\":" + mountpoint + "}}");
            String offer = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (offer == null && System.nanoTime() < deadline) {
                HttpResponse<String> poll = HTTP.send(
                        HttpRequest.newBuilder(URI.create(sessionUri + "?maxev=1&rid=" + System.nanoTime()))
                                .timeout(Duration.ofSeconds(35))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode ev = json.readTree(poll.body());
                JsonNode jsep = ev.isArray() ? ev.path(0).path("jsep") : ev.path("jsep");
                if (jsep.path("type").asText().equals("offer")) {
                    offer = jsep.path("sdp").asText();
                }
            }
            if (offer == null) {
                throw new IOException("Janus sent no offer");
            }
            SessionDescription.Remote remote = SessionDescription.Remote.parse(offer);
            ObjectNode start = json.createObjectNode().put("janus", "message");
            start.putObject("body").put("request", "start");
            start.putObject("jsep").put("type", "answer").put("sdp", SessionDescription.answer(local, remote, offer));
            janusCall(json, handleUri, json.writeValueAsString(start));
            Runnable close = () -> HTTP.sendAsync(
                    HttpRequest.newBuilder(sessionUri)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"janus\":\"destroy\",\"transaction\":\"" + UUID.randomUUID() + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Exchange(offer, remote, close);
        };
    }

    private static JsonNode janusCall(ObjectMapper json, URI uri, String body)
            throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) json.readTree(body);
        request.put("transaction", UUID.randomUUID().toString());
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(r.body());
        String kind = answer.path("janus").asText();
        if (r.statusCode() != 200 || kind.equals("error")) {
            throw new IOException("Janus answered " + r.statusCode() + ": " + r.body());
        }
        return answer;
    }
}
