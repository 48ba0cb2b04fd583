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
    /** Notified on every line and when the peer's output ends. */
    private final Object arrivals = new Object();

    private volatile boolean ended;

    private NodePeer(Process process, Path outFile) {
        this.process = process;
        this.outFile = outFile;
        Thread.ofPlatform().daemon().name("node-peer-out").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    synchronized (arrivals) {
                        arrivals.notifyAll();
                    }
                }
            } catch (IOException e) {
                // process gone
            } finally {
                ended = true;
                synchronized (arrivals) {
                    arrivals.notifyAll();
                }
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int seen = 0;
        synchronized (arrivals) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    if (test.test(line)) {
                        return line;
                    }
                    if (line.contains("\"type\":\"error\"")) {
                        throw new AssertionError("peer failed: " + line);
                    }
                }
                if (ended) {
                    throw new AssertionError("peer exited " + exitCode() + " after: " + lines);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeoutMillis + " ms; got: " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
        }
    }

    private String exitCode() throws InterruptedException {
        return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
    }

    /** Waits for a progress line counting at least one frame: the peer is playing. */
    String awaitPlaying(long timeoutMillis) throws InterruptedException {
        return await(l -> l.contains("\"progress\"") && number(l, "frames") > 0, timeoutMillis);
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
