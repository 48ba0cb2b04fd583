package io.zonecam.bench.s3;

import com.sun.net.httpserver.HttpServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * CountingS3Server is the whole-node benchmark's object store: s3proxy 4.1.0 over a directory, in a JVM of its own,
 * with SigV4 like AWS, counting at the server every request that costs money on S3 (PUT, multipart part and
 * complete, GET, LIST) and the bytes stored. The counts are served as one JSON object on {@code GET /stats} of a
 * second port, so the benchmark reads what the store saw rather than what the node says it sent.
 *
 * <p>Usage: {@code CountingS3Server <dir> <s3Port> <statsPort> [bucket [keep-file [keystore]]]}; access key
 * {@code bench}, secret {@code bench-secret}. With a keystore (PKCS12, password {@link #TLS_PASSWORD}) it serves
 * HTTPS, as S3 does: the node then uploads as in production (TLS, unsigned payload) rather than signing every
 * payload byte with SHA-256, which the SDK does only over plain HTTP. It creates the bucket and serves until killed. With a keep file (camera ids, one a
 * line) only objects whose key names one of those cameras are kept; the others are counted, stored, then deleted,
 * so a long soak does not fill the disk and the kept cameras are still checked frame by frame.
 */
public final class CountingS3Server {

    /** The credentials the benchmark gives the node. */
    public static final String ACCESS_KEY = "bench";

    public static final String SECRET_KEY = "bench-secret";

    /** The password of the keystore (server) and the node's trust store. */
    public static final String TLS_PASSWORD = "bench-tls";

    private CountingS3Server() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CountingS3Server <dir> <s3Port> <statsPort> [bucket]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int port = Integer.parseInt(args[1]);
        int statsPort = Integer.parseInt(args[2]);
        String bucket = args.length > 3 ? args[3] : "recordings";
        List<String> keep = args.length > 4 && !args[4].isEmpty() ? Files.readAllLines(Path.of(args[4])) : null;
        String keyStore = args.length > 5 && !args[5].isEmpty() ? args[5] : null;
        Counting store = new Counting(new FilesystemNio2BlobStore(dir.toString()), keep);
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        S3Proxy.Builder builder =
                S3Proxy.builder().blobStore(store).awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY);
        if (keyStore == null) {
            builder.endpoint(URI.create("http://127.0.0.1:" + port));
        } else {
            builder.secureEndpoint(URI.create("https://127.0.0.1:" + port)).keyStore(keyStore, TLS_PASSWORD);
        }
        S3Proxy proxy = builder.build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        HttpServer stats = HttpServer.create(new InetSocketAddress("127.0.0.1", statsPort), 4);
        stats.createContext("/stats", exchange -> {
            byte[] body = store.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stats.start();
        System.out.println("s3 ready on " + (keyStore == null ? "http" : "https") + " port " + port + ", stats on "
                + statsPort + ", bucket " + bucket + " in " + dir);
        Thread.currentThread().join();
    }

    /** Counts requests and stored bytes on the way to the real store. */
    static final class Counting extends ForwardingBlobStore {
        final LongAdder puts = new LongAdder();
        final LongAdder parts = new LongAdder();
        final LongAdder completes = new LongAdder();
        final LongAdder gets = new LongAdder();
        final LongAdder lists = new LongAdder();
        final LongAdder bytesStored = new LongAdder();
        final LongAdder bytesRead = new LongAdder();
        /** Thumbnail packs (keys {@code …/thumbs-*.zctp}), also counted in puts and bytesStored. */
        final LongAdder thumbnailPuts = new LongAdder();

        final LongAdder thumbnailBytes = new LongAdder();

        private final List<String> keep;

        Counting(BlobStore delegate, List<String> keep) {
            super(delegate);
            this.keep = keep;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
            puts.increment();
            if (request.key().contains("/thumbs-")) {
                thumbnailPuts.increment();
                in = new CountingStream(in, thumbnailBytes);
            }
            PutObjectResponse r = super.putBlob(request, new CountingStream(in, bytesStored));
            if (keep != null && keep.stream().noneMatch(request.key()::contains)) {
                super.removeBlob(request.bucket(), request.key());
            }
            return r;
        }

        @Override
        public UploadPartResponse uploadMultipartPart(
                MultipartUpload upload, UploadPartRequest request, InputStream in) {
            parts.increment();
            return super.uploadMultipartPart(upload, request, new CountingStream(in, bytesStored));
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(
                MultipartUpload upload, CompleteMultipartUploadRequest request) {
            completes.increment();
            return super.completeMultipartUpload(upload, request);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            gets.increment();
            ResponseInputStream<GetObjectResponse> in = super.getBlob(request);
            return new ResponseInputStream<>(in.response(), new CountingStream(in, bytesRead));
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            lists.increment();
            return super.list(request);
        }

        String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"puts\":%d,\"parts\":%d,\"completes\":%d,\"gets\":%d,\"lists\":%d,"
                            + "\"bytesStored\":%d,\"bytesRead\":%d,\"thumbnailPuts\":%d,\"thumbnailBytes\":%d}",
                    puts.sum(),
                    parts.sum(),
                    completes.sum(),
                    gets.sum(),
                    lists.sum(),
                    bytesStored.sum(),
                    bytesRead.sum(),
                    thumbnailPuts.sum(),
                    thumbnailBytes.sum());
        }
    }

    /** Adds every byte read through it to a counter. */
    private static final class CountingStream extends FilterInputStream {
        private final LongAdder counter;

        CountingStream(InputStream in, LongAdder counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.add(n);
            }
            return n;
        }
    }
}
