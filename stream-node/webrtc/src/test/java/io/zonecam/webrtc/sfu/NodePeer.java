package io.zonecam.webrtc.sfu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NodePeer runs one of the JS test peers in {@code src/test/node} (werift, the Chromium driver) as a child process
 * and collects the JSON lines it prints; stderr goes to {@code target/node-peers/}.
 */
final class NodePeer implements AutoCloseable {

    private final Process process;
    private final Path outFile;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private NodePeer(Process process, Path outFile) {
        this.process = process;
        this.outFile = outFile;
        this.reader = Thread.ofPlatform().daemon().name("node-peer-out").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        });
    }

    static NodePeer start(String script, String... args) throws IOException {
        Path logs = Path.of("target", "node-peers");
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        String name = script + "-" + System.currentTimeMillis() + "-" + (System.nanoTime() % 100_000);
        Process p = new ProcessBuilder(cmd)
                .directory(WhepTestServer.NODE_DIR.toFile())
                .redirectError(logs.resolve(name + ".err").toFile())
                .start();
        return new NodePeer(p, logs.resolve(name + ".out"));
    }

    /** Waits for a line matching {@code test}; fails with every line seen so far on timeout or exit. */
    String await(Predicate<String> test, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int seen = 0;
        while (System.nanoTime() < deadline) {
            List<String> snapshot = List.copyOf(lines);
            for (int i = seen; i < snapshot.size(); i++) {
                if (test.test(snapshot.get(i))) {
                    return snapshot.get(i);
                }
                if (snapshot.get(i).contains("\"type\":\"error\"")) {
                    throw new AssertionError("peer failed: " + snapshot.get(i));
                }
            }
            seen = snapshot.size();
            if (!process.isAlive() && !reader.isAlive() && seen == lines.size()) {
                throw new AssertionError("peer exited " + process.exitValue() + " after: " + lines);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching line within " + timeoutMillis + " ms; got: " + lines);
    }

    String awaitType(String type, long timeoutMillis) throws InterruptedException {
        return await(l -> l.contains("\"type\":\"" + type + "\""), timeoutMillis);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    long pid() {
        return process.pid();
    }

    /** A number field of a flat JSON line, or NaN when absent or null. */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?[0-9.eE+-]+)")
                .matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Files.write(outFile, lines());
        } catch (IOException e) {
            // best effort: the lines are for people reading the build output
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }
    }
}
