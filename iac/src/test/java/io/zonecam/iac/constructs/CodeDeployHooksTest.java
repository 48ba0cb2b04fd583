package io.zonecam.iac.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CodeDeploy hook scripts with bash against a fake node management endpoint (drain and health) and a
 * stub {@code systemctl}, and checks the appspec wires them with bounded timeouts.
 */
class CodeDeployHooksTest {
    static final Path DIR = Path.of("src/main/resources/codedeploy");
    /** CodeDeploy refuses hook timeouts above one hour. */
    static final int HOOK_LIMIT_SECONDS = 3600;

    @TempDir
    Path tmp;

    /** The zone's node key the fake node expects in {@code X-Node-Key}, as the real one does. */
    static final String NODE_KEY = "zone-node-key-for-tests";

    HttpServer server;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void stubSystemctl() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        // Logs its arguments; "is-active" answers with the exit code in $FAKE_ACTIVE (0 = running).
        Files.writeString(systemctl, """
                #!/bin/bash
                echo "$*" >> "$FAKE_LOG"
                if [ "$1" = is-active ]; then exit "${FAKE_ACTIVE:-0}"; fi
                exit 0
                """);
        systemctl.toFile().setExecutable(true);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void appspecRunsTheDrainBeforeTrafficIsBlockedAndValidatesHealthWithinTheHookLimit() throws IOException {
        String appspec = Files.readString(DIR.resolve("appspec.yml"));
        Map<String, String> hookScripts = Map.of(
                "BeforeBlockTraffic", "scripts/drain.sh",
                "ApplicationStop", "scripts/stop.sh",
                "ApplicationStart", "scripts/start.sh",
                "ValidateService", "scripts/validate.sh");
        hookScripts.forEach((hook, script) -> {
            Matcher m = Pattern.compile(hook + ":\\n\\s+(?:#.*\\n\\s+)*- location: " + Pattern.quote(script)
                            + "\\n\\s+timeout: (\\d+)")
                    .matcher(appspec);
            assertThat(m.find()).as(hook + " runs " + script).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(hook + " timeout").isLessThanOrEqualTo(HOOK_LIMIT_SECONDS);
            assertThat(DIR.resolve(script)).isExecutable();
        });
        assertThat(appspec).contains("destination: /opt/zonecam/node");
        // The drain gives up before CodeDeploy kills the hook, so it fails with its own message.
        int drainTimeout = defaultOf("drain.sh", "ZONECAM_DRAIN_TIMEOUT_SECONDS");
        assertThat(drainTimeout).isLessThan(hookTimeout(appspec, "BeforeBlockTraffic"));
        assertThat(drainTimeout + 60).isLessThan(hookTimeout(appspec, "ApplicationStop"));
        assertThat(defaultOf("validate.sh", "ZONECAM_VALIDATE_TIMEOUT_SECONDS"))
                .isLessThan(hookTimeout(appspec, "ValidateService"));
    }

    @Test
    void drainAsksOnceAndWaitsUntilTheNodeReportsDrainedWithNoCameras() throws Exception {
        serve(
                poll -> poll < 3 ? 200 : 200,
                poll -> poll < 3
                        ? "{\"state\":\"draining\",\"cameras\":" + (3 - poll) + "}"
                        : "{\"state\":\"drained\",\"cameras\":0}");
        Result r = run("drain.sh", Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("draining: {\"state\":\"draining\",\"cameras\":3}")
                .contains("drained after");
        assertThat(requests).startsWith("POST /admin/drain").contains("GET /admin/drain");
        assertThat(requests.stream().filter(q -> q.startsWith("POST"))).hasSize(1);
    }

    @Test
    void drainFailsTheHookWhenTheNodeDoesNotEmptyInTime() throws Exception {
        serve(poll -> 200, poll -> "{\"state\":\"draining\",\"cameras\":7}");
        Result r = run("drain.sh", Map.of("ZONECAM_DRAIN_TIMEOUT_SECONDS", "2"));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output)
                .contains("drain did not finish within 2s")
                .contains("{\"state\":\"draining\",\"cameras\":7}")
                .contains("not stopping a node with cameras");
    }

    @Test
    void drainedStateWithCamerasLeftIsNotDrained() throws Exception {
        serve(poll -> 200, poll -> "{\"state\":\"drained\",\"cameras\":1}");
        assertThat(run("drain.sh", Map.of("ZONECAM_DRAIN_TIMEOUT_SECONDS", "2")).exit)
                .isEqualTo(1);
    }

    @Test
    void drainFailsWhenTheNodeRefusesTheRequestAndSkipsAStoppedNode() throws Exception {
        serve(poll -> 500, poll -> "{}");
        Result refused = run("drain.sh", Map.of());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.output).contains("drain request to");

        requests.clear();
        Result stopped = run("drain.sh", Map.of("FAKE_ACTIVE", "3"));
        assertThat(stopped.exit).isZero();
        assertThat(stopped.output).contains("nothing to drain");
        assertThat(requests).isEmpty();
    }

    @Test
    void drainSendsTheZoneNodeKeyReadFromTheNodesSecretAndRefusesToRunWithoutOne() throws Exception {
        serve(poll -> 200, poll -> "{\"state\":\"drained\",\"cameras\":0}");
        // As on an instance: the environment file names the secret, the AWS CLI (here a stub) reads it.
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:zonecam/euw1-a/node-key-AbCdEf";
        Path envFile = tmp.resolve("node.env");
        Files.writeString(
                envFile, "ZONECAM_NODE_ZONE=euw1-a\nZONECAM_CONTROL_PLANE_ENROLLMENT_KEY_SECRET_ARN=" + arn + "\n");
        Path aws = tmp.resolve("bin").resolve("aws");
        Files.writeString(aws, """
                #!/bin/bash
                echo "$*" >> "$FAKE_LOG"
                [ "$*" = "secretsmanager get-secret-value --region eu-west-1 --secret-id %s --query SecretString --output text" ] || exit 254
                echo "%s"
                """.formatted(arn, NODE_KEY));
        aws.toFile().setExecutable(true);
        Result r = run("drain.sh", Map.of("ZONECAM_NODE_KEY", "", "ZONECAM_NODE_ENV_FILE", envFile.toString()));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(requests).startsWith("POST /admin/drain").doesNotContain("401");

        requests.clear();
        Result none = run(
                "drain.sh",
                Map.of(
                        "ZONECAM_NODE_KEY",
                        "",
                        "ZONECAM_NODE_ENV_FILE",
                        tmp.resolve("missing.env").toString()));
        assertThat(none.exit).isEqualTo(1);
        assertThat(none.output).contains("no node key");
        assertThat(requests).as("nothing is asked without a key").isEmpty();
    }

    @Test
    void stopDrainsFirstThenStopsTheService() throws Exception {
        serve(poll -> 200, poll -> "{\"state\":\"drained\",\"cameras\":0}");
        Result r = run("stop.sh", Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(requests).contains("POST /admin/drain");
        assertThat(Files.readAllLines(tmp.resolve("systemctl.log")))
                .containsExactly("is-active --quiet zonecam-node", "stop zonecam-node");
    }

    @Test
    void validateWaitsForReadinessAndFailsWhenItNeverComes() throws Exception {
        serve(poll -> poll < 2 ? 503 : 200, poll -> "{\"status\":\"UP\"}");
        Result ok = run("validate.sh", Map.of("ZONECAM_VALIDATE_POLL_SECONDS", "1"));
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(requests).allMatch(q -> q.equals("GET /q/health/ready")).hasSizeGreaterThanOrEqualTo(3);

        server.stop(0);
        serve(poll -> 503, poll -> "{\"status\":\"DOWN\"}");
        Result down = run(
                "validate.sh", Map.of("ZONECAM_VALIDATE_TIMEOUT_SECONDS", "2", "ZONECAM_VALIDATE_POLL_SECONDS", "1"));
        assertThat(down.exit).isEqualTo(1);
        assertThat(down.output).contains("not ready within 2s");
    }

    record Result(int exit, String output) {}

    private Result run(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", DIR.resolve("scripts").resolve(script).toString())
                .redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_LOG", tmp.resolve("systemctl.log").toString());
        pb.environment()
                .put(
                        "ZONECAM_MANAGEMENT_URL",
                        "http://127.0.0.1:" + server.getAddress().getPort());
        pb.environment().put("ZONECAM_DRAIN_POLL_SECONDS", "1");
        pb.environment().put("ZONECAM_NODE_KEY", NODE_KEY);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /**
     * A fake management endpoint: status and body by the number of GETs answered so far; like the node, it answers
     * 401 (logged as such) to an {@code /admin/} request without the zone's node key.
     */
    private void serve(IntFunction<Integer> status, IntFunction<String> body) throws IOException {
        polls.set(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/admin/")
                    && !NODE_KEY.equals(exchange.getRequestHeaders().getFirst("X-Node-Key"))) {
                requests.add("401");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            int poll = exchange.getRequestMethod().equals("GET") ? polls.getAndIncrement() : polls.get();
            byte[] bytes = body.apply(poll).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.apply(poll), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private static int hookTimeout(String appspec, String hook) {
        Matcher m = Pattern.compile(hook + ":\\n(?:\\s+#.*\\n)*\\s+- location: \\S+\\n\\s+timeout: (\\d+)")
                .matcher(appspec);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int defaultOf(String script, String variable) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(variable) + ":-(\\d+)")
                .matcher(Files.readString(DIR.resolve("scripts").resolve(script)));
        assertThat(m.find()).as(variable + " default in " + script).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
