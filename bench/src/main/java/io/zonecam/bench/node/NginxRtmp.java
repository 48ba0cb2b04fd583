package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * NginxRtmp is the recording peer: nginx with the RTMP module (Debian {@code libnginx-mod-rtmp}), one worker
 * process pinned to the node's CPU, recording every published stream to FLV files on disk ({@code record all}),
 * the classic self-hosted way to record RTMP cameras. Its CPU is the master's plus the worker's.
 */
final class NginxRtmp implements AutoCloseable {

    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    final int port;
    final Path recordings;
    private final Child nginx;

    NginxRtmp(Path run, String cpus) throws IOException {
        if (!Files.exists(MODULE)) {
            throw new IllegalStateException("nginx's RTMP module is missing: apt-get install libnginx-mod-rtmp");
        }
        this.port = Ports.tcp();
        Path prefix = Files.createDirectories(run.resolve("nginx"));
        this.recordings = Files.createDirectories(run.resolve("nginx-recordings"));
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process on;
                worker_processes 1;
                user root;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                load_module %s;
                events { worker_connections 4096; }
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        chunk_size 4096;
                        application live {
                            live on;
                            record all;
                            record_path %s;
                            record_unique on;
                        }
                    }
                }
                """.formatted(prefix, prefix, MODULE, port, recordings));
        this.nginx = Child.start(
                "nginx",
                Child.Placement.on(cpus),
                List.of("nginx", "-p", prefix.toString(), "-c", conf.toString()),
                Map.of(),
                run.resolve("logs/nginx.log"),
                null);
    }

    /** The master and its workers. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        pids.add(nginx.pid());
        pids.addAll(ProcStats.children(nginx.pid()));
        return pids;
    }

    String publishUrl(String cameraId) {
        return "rtmp://127.0.0.1:" + port + "/live/" + cameraId;
    }

    /** Video packets recorded for a camera, counted by ffprobe over its FLV files (no decoding). */
    long recordedVideoPackets(String cameraId) throws IOException, InterruptedException {
        long total = 0;
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(cameraId + "-"))
                    .toList()) {
                Process p = new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-select_streams",
                                "v:0",
                                "-count_packets",
                                "-show_entries",
                                "stream=nb_read_packets",
                                "-of",
                                "csv=p=0",
                                f.toString())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                total += out.matches("\\d+") ? Long.parseLong(out) : 0;
            }
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
