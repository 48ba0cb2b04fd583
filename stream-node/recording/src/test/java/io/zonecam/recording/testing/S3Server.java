package io.zonecam.recording.testing;

import io.zonecam.recording.store.S3ObjectStore;
import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * S3Server is a real S3-compatible server (s3proxy, in memory) started in-process on a loopback port, with SigV4
 * authentication like AWS. It can be stopped and started again on the same port with its data kept.
 */
public final class S3Server implements AutoCloseable {

    /** The bucket tests use. */
    public static final String BUCKET = "recordings";

    private static final String IDENTITY = "test-access-key";
    private static final String CREDENTIAL = "test-secret-key";

    private final BlobStore blobs = new TransientNio2BlobStore();
    private S3Proxy proxy;
    private int port;

    /** Starts on a free port with an empty bucket. */
    public S3Server() throws Exception {
        blobs.createContainer(BUCKET);
        start(0);
    }

    private void start(int wantedPort) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                .awsAuthentication(AuthenticationType.AWS_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        port = proxy.getPort();
    }

    /** Stops serving (clients get connection errors); data is kept. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Serves again on the same port. */
    public void restart() throws Exception {
        start(port);
    }

    /** The endpoint URI. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A store client for the bucket (short API deadline so outages show up fast). */
    public S3ObjectStore store() {
        return S3ObjectStore.create(new S3ObjectStore.Config(
                BUCKET,
                "us-east-1",
                endpoint(),
                true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)),
                Duration.ofSeconds(5)));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
