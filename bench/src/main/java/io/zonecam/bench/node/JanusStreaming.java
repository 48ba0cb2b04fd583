package io.zonecam.bench.node;

import io.zonecam.sim.clip.ClipGenerator;
import io.zonecam.sim.clip.ClipSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * JanusStreaming is the fan-out peer: Janus 1.1.2 (Debian {@code janus}) with only its HTTP transport and
 * streaming plugin, pinned to the node's CPU inside the network namespace the script made (Janus gathers no
 * loopback candidates; the viewers are in a second namespace at the other end of a veth pair), and one RTP mountpoint fed by ffmpeg with the simulator's own clip (video only, copied,
 * never re-encoded) from the load CPU. Viewers use the same {@code ViewerFleet} as against Zonecam.
 */
final class JanusStreaming implements AutoCloseable {

    static final int MOUNTPOINT = 1;
    private static final Path LIBS = Path.of("/usr/lib/x86_64-linux-gnu/janus");

    final String address;
    private final Child janus;
    private final Child feeder;

    /**
     * @param netns       Janus's namespace, holding {@code iface} with {@code address}
     * @param clientNetns the other end of the veth pair: the feeder and the viewers (packets between two addresses
     *                    of one namespace would never cross the pair and arrive as martians)
     */
    JanusStreaming(
            Path run, String netns, String clientNetns, String address, String iface, String janusCpus, String loadCpus)
            throws Exception {
        this.address = address;
        Path conf = Files.createDirectories(run.resolve("janus"));
        for (String dir : List.of("plugins", "transports", "events", "loggers")) {
            Files.createDirectories(conf.resolve(dir));
        }
        Files.createSymbolicLink(
                conf.resolve("plugins/libjanus_streaming.so"), LIBS.resolve("plugins/libjanus_streaming.so"));
        Files.createSymbolicLink(
                conf.resolve("transports/libjanus_http.so"), LIBS.resolve("transports/libjanus_http.so"));
        Files.writeString(conf.resolve("janus.jcfg"), """
                general: {
                    configs_folder = "%1$s"
                    plugins_folder = "%1$s/plugins"
                    transports_folder = "%1$s/transports"
                    events_folder = "%1$s/events"
                    loggers_folder = "%1$s/loggers"
                    debug_level = 3
                    session_timeout = 0
                }
                media: {
                    rtp_port_range = "30000-39999"
                }
                nat: {
                    ice_enforce_list = "%2$s"
                    ignore_mdns = true
                }
                """.formatted(conf, iface));
        Files.writeString(conf.resolve("janus.transport.http.jcfg"), """
                general: {
                    base_path = "/janus"
                    http = true
                    port = 8088
                    ip = "%s"
                    https = false
                }
                admin: {
                    admin_http = false
                }
                """.formatted(address));
        Files.writeString(conf.resolve("janus.plugin.streaming.jcfg"), """
                bench: {
                    type = "rtp"
                    id = %d
                    description = "bench camera"
                    media = (
                        {
                            type = "video"
                            mid = "v"
                            port = 5004
                            pt = 96
                            codec = "h264"
                            fmtp = "profile-level-id=42e01f;packetization-mode=1"
                        }
                    )
                }
                """.formatted(MOUNTPOINT));
        this.janus = Child.start(
                "janus",
                Child.Placement.on(janusCpus).in(netns),
                List.of("janus", "-C", conf.resolve("janus.jcfg").toString(), "-F", conf.toString()),
                Map.of(),
                run.resolve("logs/janus.log"),
                null);
        Http.await("Janus's HTTP API", Duration.ofSeconds(30), () -> janusAnswers(clientNetns));
        Path clip = ClipGenerator.ensure(ClipSpec.defaults(), ClipGenerator.defaultCacheDir());
        this.feeder = Child.start(
                "janus-feed",
                Child.Placement.on(loadCpus).in(clientNetns),
                List.of(
                        "ffmpeg",
                        "-nostdin",
                        "-loglevel",
                        "warning",
                        "-re",
                        "-stream_loop",
                        "-1",
                        "-i",
                        clip.toString(),
                        "-an",
                        "-c:v",
                        "copy",
                        "-f",
                        "rtp",
                        "-payload_type",
                        "96",
                        "rtp://" + address + ":5004?pkt_size=1200"),
                Map.of(),
                run.resolve("logs/janus-feed.log"),
                null);
    }

    private boolean janusAnswers(String netns) {
        try {
            Process p = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            netns,
                            "curl",
                            "-fsS",
                            "-o",
                            "/dev/null",
                            "http://" + address + ":8088/janus/info")
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return janus.pid();
    }

    String url() {
        return "http://" + address + ":8088";
    }

    @Override
    public void close() throws InterruptedException {
        feeder.close();
        janus.close();
    }
}
