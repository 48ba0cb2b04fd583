package io.zonecam.node.pictures;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.thumbs.CameraThumbnails;
import io.zonecam.pictures.thumbs.RangeSource;
import io.zonecam.pictures.thumbs.ThumbnailPack;
import io.zonecam.pictures.thumbs.ThumbnailPackIndex;
import io.zonecam.pictures.thumbs.ThumbnailPackReader;
import io.zonecam.pictures.thumbs.ThumbnailPackWriter;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectPage;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * ThumbnailStore puts finished thumbnail packs into the object store (one PUT per pack, retried) and finds the
 * thumbnail at or before an instant: one LIST of the camera-hour's folder per retention class, then per pack its
 * index (one ranged GET, cached: packs are immutable) and the picture (one ranged GET).
 */
@ApplicationScoped
public class ThumbnailStore {

    private static final Logger LOG = Logger.getLogger(ThumbnailStore.class);
    private static final int PUT_ATTEMPTS = 4;
    private static final int INDEX_CACHE = 2048;

    private final ObjectStore store;
    private final String prefix;
    private final PictureMetrics metrics;
    private final Map<String, ThumbnailPackIndex> indexes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ThumbnailPackIndex> eldest) {
            return size() > INDEX_CACHE;
        }
    };

    public ThumbnailStore(ObjectStore store, NodeConfig config, PictureMetrics metrics) {
        this.store = store;
        this.prefix = config.storage().prefix().orElse("");
        this.metrics = metrics;
    }

    /** Stores a finished pack of a session and deletes its file; blocking (call it from a virtual thread). */
    void upload(ThumbnailPackWriter.Finished pack, RetentionClass retention, String cameraId, String sessionId)
            throws InterruptedException {
        String key = ThumbnailKeys.key(prefix, retention, cameraId, pack.hourMicros() / 1000, sessionId);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    store.put(key, pack.file(), "application/octet-stream");
                    metrics.packStored(pack.bytes());
                    return;
                } catch (IOException e) {
                    if (attempt == PUT_ATTEMPTS) {
                        metrics.packLost();
                        LOG.warnf("thumbnail pack %s not stored after %d attempts: %s", key, attempt, e.toString());
                        return;
                    }
                    Thread.sleep(Duration.ofMillis(500L << attempt));
                }
            }
        } finally {
            try {
                Files.deleteIfExists(pack.file());
            } catch (IOException e) {
                LOG.warnf("cannot delete the thumbnail pack file %s: %s", pack.file(), e.toString());
            }
        }
    }

    /**
     * The JPEG of the camera taken last at or before {@code micros} and not before {@code notBeforeMicros}, from
     * the packs of that hour (and of the hour before when the bound reaches into it).
     */
    Optional<CameraThumbnails.Latest> atOrBefore(String cameraId, long micros, long notBeforeMicros)
            throws IOException {
        long hourMillis = Math.floorDiv(micros / 1000, ThumbnailKeys.HOUR_MILLIS) * ThumbnailKeys.HOUR_MILLIS;
        for (long hour = hourMillis;
                hour * 1000 + ThumbnailKeys.HOUR_MILLIS * 1000 > notBeforeMicros
                        && hour >= hourMillis - ThumbnailKeys.HOUR_MILLIS;
                hour -= ThumbnailKeys.HOUR_MILLIS) {
            String bestKey = null;
            ThumbnailPack.Entry best = null;
            for (String key : packs(cameraId, hour)) {
                Optional<ThumbnailPack.Entry> e = index(key).atOrBefore(micros);
                if (e.isPresent()
                        && e.get().captureMicros() >= notBeforeMicros
                        && (best == null || e.get().captureMicros() > best.captureMicros())) {
                    best = e.get();
                    bestKey = key;
                }
            }
            if (best != null) {
                byte[] jpeg = ThumbnailPackReader.picture(source(bestKey), best);
                return Optional.of(new CameraThumbnails.Latest(
                        best.captureMicros(),
                        new EncodedImage(ImageFormat.JPEG, jpeg, best.width(), best.height(), best.captureMicros())));
            }
        }
        return Optional.empty();
    }

    /** The pack keys of one camera-hour, in every retention class (a camera's class may have changed). */
    private List<String> packs(String cameraId, long hourMillis) throws IOException {
        List<String> keys = new ArrayList<>();
        for (RetentionClass c : RetentionClass.values()) {
            String folder = ThumbnailKeys.hourPrefix(prefix, c, cameraId, hourMillis);
            // Pack names sort after the hour's recordings ("thumbs-" > digits): start the listing there.
            String after = folder + ThumbnailKeys.NAME_PREFIX;
            boolean more = true;
            while (more) {
                ObjectPage page = store.list(folder, after, ObjectStore.MAX_PAGE);
                for (ObjectInfo o : page.objects()) {
                    if (ThumbnailKeys.isPack(o.key())) {
                        keys.add(o.key());
                    }
                }
                more = page.truncated() && page.lastKey() != null;
                after = page.lastKey();
            }
        }
        return keys;
    }

    private ThumbnailPackIndex index(String key) throws IOException {
        synchronized (indexes) {
            ThumbnailPackIndex cached = indexes.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ThumbnailPackIndex index = ThumbnailPackReader.index(source(key));
        synchronized (indexes) {
            indexes.put(key, index);
        }
        return index;
    }

    private RangeSource source(String key) {
        return (offset, length) -> store.read(key, offset, length);
    }
}
