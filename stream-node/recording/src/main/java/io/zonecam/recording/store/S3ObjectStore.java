package io.zonecam.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3ObjectStore stores recordings in one bucket of Amazon S3 or an S3-compatible server, through the AWS SDK v2
 * with the JDK's URL connection client (no Netty or Apache client on the node's classpath).
 *
 * <p>Ranged reads use {@code Range: bytes=a-b} (RFC 9110 §14.1.2); a range past the end (416) reads as empty.
 * Listing is ListObjectsV2 with {@code start-after}, which S3 returns in UTF-8 binary key order. Every SDK failure
 * becomes an {@link IOException} so callers (the uploader) count and retry one exception type.
 */
public final class S3ObjectStore implements ObjectStore {

    /**
     * Config is how to reach the bucket.
     *
     * @param bucket              bucket name
     * @param region              region name (any value for most S3-compatible servers)
     * @param endpoint            endpoint override for S3-compatible servers, or null for AWS
     * @param pathStyle           true for path-style addressing (most S3-compatible servers)
     * @param credentials         the credentials provider (e.g. the default chain, or static keys in tests)
     * @param apiCallTimeout      deadline of one API call including its SDK retries
     */
    public record Config(
            String bucket,
            String region,
            URI endpoint,
            boolean pathStyle,
            AwsCredentialsProvider credentials,
            Duration apiCallTimeout) {
        public Config {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(credentials, "credentials");
            apiCallTimeout = apiCallTimeout == null ? Duration.ofSeconds(60) : apiCallTimeout;
        }
    }

    /**
     * How long a TCP connect to the endpoint may take. A reachable endpoint answers in milliseconds; 5 s still rides
     * out two lost SYNs (Linux resends after 1 s, then 2 s more) on a congested link, while a store that is down fails
     * the attempt fast into the uploader's backoff instead of holding a worker.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How long a connection may stay silent while the store answers: the wait for a PUT's response after its body,
     * or between two reads of a GET's bytes. 30 s is the SDK's own default: a store silent that long is taken for a
     * dead connection, the attempt fails, and the SDK or the uploader tries again on a new one.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final S3Client s3;
    private final String bucket;
    private final boolean ownsClient;
    private final SdkHttpClient ownedHttp;

    /** A store over a client the caller built and closes. */
    public S3ObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, false, null);
    }

    private S3ObjectStore(S3Client s3, String bucket, boolean ownsClient, SdkHttpClient ownedHttp) {
        this.s3 = Objects.requireNonNull(s3);
        this.bucket = Objects.requireNonNull(bucket);
        this.ownsClient = ownsClient;
        this.ownedHttp = ownedHttp;
    }

    /** Builds a client from {@code config}; {@link #close()} closes it. */
    public static S3ObjectStore create(Config config) {
        // Request bodies leave in 64 KiB writes, whole TLS records, not the SDK's 4 KiB (CoalescingConnection).
        SdkHttpClient http =
                UrlConnectionHttpClient.create(uri -> CoalescingConnection.open(uri, CONNECT_TIMEOUT, READ_TIMEOUT));
        var builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(config.credentials())
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(o -> o.apiCallTimeout(config.apiCallTimeout()));
        if (config.endpoint() != null) {
            // S3-compatible servers often reject the newer default flexible checksums; send them only when needed.
            builder.endpointOverride(config.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new S3ObjectStore(builder.build(), config.bucket(), true, http);
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The file must keep its size until this returns: one deleted or cut shorter meanwhile (between the SDK's
     * retries, or while it is sent) fails the put with an {@link IOException} naming the file, and nothing short is
     * stored. The file itself is left as it is, for the caller to retry or drop.
     */
    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        long length = Files.size(file);
        try (FileBody body = new FileBody(file, length)) {
            try {
                s3.putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromContentProvider(body, length, contentType));
            } catch (RuntimeException e) {
                // The SDK lets a body's unchecked failures through (or wraps them): the file's own reason comes first.
                IOException fileChanged = body.failure();
                if (fileChanged != null) {
                    IOException failure = new IOException(
                            "S3 put " + bucket + "/" + key + " failed: " + fileChanged.getMessage(), fileChanged);
                    failure.addSuppressed(e);
                    throw failure;
                }
                throw e instanceof SdkException sdk
                        ? failure("put", key, sdk)
                        : new IOException("S3 put " + bucket + "/" + key + " failed: " + e, e);
            }
        }
    }

    @Override
    public void put(String key, byte[] data, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = open(key, offset, length)) {
            return in.readNBytes(length);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        GetObjectRequest req = GetObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .range("bytes=" + offset + "-" + (offset + length - 1))
                .build();
        try {
            return s3.getObject(req);
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream();
            }
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(key);
            }
            throw failure("get", key, e);
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, r.contentLength(), r.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("head", key, e);
        } catch (SdkException e) {
            throw failure("head", key, e);
        }
    }

    @Override
    public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        if (maxKeys <= 0 || maxKeys > MAX_PAGE) {
            throw new IllegalArgumentException("maxKeys must be 1.." + MAX_PAGE);
        }
        try {
            ListObjectsV2Response r = s3.listObjectsV2(b -> {
                b.bucket(bucket).prefix(prefix).maxKeys(maxKeys);
                if (startAfter != null) {
                    b.startAfter(startAfter);
                }
            });
            List<ObjectInfo> out = new ArrayList<>(r.contents().size());
            for (S3Object o : r.contents()) {
                out.add(new ObjectInfo(o.key(), o.size(), o.lastModified()));
            }
            return new ObjectPage(out, Boolean.TRUE.equals(r.isTruncated()));
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) throws IOException {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += MAX_PAGE) {
            List<ObjectIdentifier> ids = new ArrayList<>();
            for (String k : all.subList(from, Math.min(all.size(), from + MAX_PAGE))) {
                ids.add(ObjectIdentifier.builder().key(k).build());
            }
            try {
                DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    throw new IOException("delete of " + r.errors().size() + " objects failed, first: "
                            + r.errors().get(0).key() + " " + r.errors().get(0).code());
                }
            } catch (SdkException e) {
                throw failure("delete", ids.size() + " keys", e);
            }
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
            ownedHttp.close(); // a client given with httpClient(...) is not closed by the S3 client
        }
    }

    private IOException failure(String op, String key, SdkException e) {
        return new IOException("S3 " + op + " " + bucket + "/" + key + " failed: " + e.getMessage(), e);
    }
}
