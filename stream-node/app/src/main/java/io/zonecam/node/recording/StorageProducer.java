package io.zonecam.node.recording;

import io.zonecam.node.config.NodeConfig;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.store.S3ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** StorageProducer makes the node's object store from configuration: the filesystem locally, S3 in production. */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @ApplicationScoped
    ObjectStore store(NodeConfig config) throws IOException {
        NodeConfig.Storage s = config.storage();
        return switch (s.type()) {
            case "filesystem" -> new FileSystemObjectStore(s.root());
            case "s3" -> {
                String bucket = s.s3().bucket()
                        .orElseThrow(() -> new IllegalStateException(
                                "zonecam.storage.s3.bucket is required with storage type s3"));
                AwsCredentialsProvider credentials = s.s3().accessKey().isPresent()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                s.s3().accessKey().get(), s.s3().secretKey().orElse("")))
                        : DefaultCredentialsProvider.builder().build();
                yield S3ObjectStore.create(new S3ObjectStore.Config(
                        bucket,
                        s.s3().region(),
                        s.s3().endpoint().map(URI::create).orElse(null),
                        s.s3().pathStyle(),
                        credentials,
                        Duration.ofSeconds(60)));
            }
            default ->
                throw new IllegalStateException("zonecam.storage.type must be filesystem or s3, not " + s.type());
        };
    }

    void close(@Disposes ObjectStore store) throws Exception {
        store.close();
    }
}
