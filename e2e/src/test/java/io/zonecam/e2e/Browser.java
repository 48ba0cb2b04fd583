package io.zonecam.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Browser runs one scenario of e2e/src/test/node/viewer.mjs (headless Chromium driving the viewer) and reads its JSON
 * lines; the browser's console goes to a log file next to the screenshots.
 */
final class Browser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EOF = JSON.createObjectNode().put("type", "eof");

    private final String scenario;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Browser(String scenario, Process process) {
        this.scenario = scenario;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("browser-" + scenario).start(this::read);
    }

    /** Starts a scenario with its arguments (plus the viewer URL and screenshot directory every scenario gets). */
    static Browser start(Path root, Path out, String viewer, String scenario, Map<String, Object> args)
            throws IOException {
        Path screenshots = out.resolve("screenshots");
        Files.createDirectories(screenshots);
        Map<String, Object> all = new java.util.HashMap<>(args);
        all.put("viewer", viewer);
        all.put("screenshots", screenshots.toString());
        Path nodeDir = root.resolve("e2e/src/test/node");
        ProcessBuilder pb = new ProcessBuilder("node", "viewer.mjs", scenario, JSON.writeValueAsString(all))
                .directory(nodeDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        out.resolve("browser-console.log").toFile()));
        return new Browser(scenario, pb.start());
    }

    /** Runs a scenario to its result. */
    static JsonNode run(Path root, Path out, String viewer, String scenario, Map<String, Object> args, Duration timeout)
            throws Exception {
        try (Browser b = start(root, out, viewer, scenario, args)) {
            return b.await("result", timeout);
        }
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (seen) {
                    seen.add(line);
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    // not a protocol line: kept in `seen` for failure messages
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            lines.add(EOF);
        }
    }

    /** Waits for a line of a type; an "error" line or the end of the script fails with what it said. */
    JsonNode await(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode n = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new AssertionError(
                        scenario + ": no '" + type + "' within " + timeout.toSeconds() + " s; output: " + output());
            }
            String t = n.path("type").asText();
            if (t.equals(type)) {
                return n;
            }
            if (t.equals("error")) {
                throw new AssertionError(scenario + " failed in the browser: "
                        + n.path("message").asText() + " (screenshot: target/screenshots/" + scenario + "-failed.png)");
            }
            if (n == EOF) {
                throw new AssertionError(
                        scenario + ": the browser script ended without '" + type + "'; output: " + output());
            }
        }
    }

    /** Sends a line to the script's stdin. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    private String output() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
