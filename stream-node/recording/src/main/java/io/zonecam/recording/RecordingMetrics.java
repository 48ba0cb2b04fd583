package io.zonecam.recording;

import java.util.concurrent.atomic.LongAdder;

/**
 * RecordingMetrics counts what the recording path does on one node, as plain getters the application publishes
 * (e.g. as Micrometer function counters). One instance is shared by the {@link Spool}, its {@link Recorder}s and
 * the {@link Uploader}; gauges (spool bytes, objects pending, upload lag) live on {@link Spool} and
 * {@link Uploader}.
 */
public final class RecordingMetrics {

    final LongAdder fragmentsWritten = new LongAdder();
    final LongAdder fragmentBytes = new LongAdder();
    final LongAdder fragmentWriteFailures = new LongAdder();
    final LongAdder objectsFinalized = new LongAdder();
    final LongAdder objectsRecovered = new LongAdder();
    final LongAdder fragmentsRecovered = new LongAdder();
    final LongAdder tornBytesDiscarded = new LongAdder();
    final LongAdder uploadsOk = new LongAdder();
    final LongAdder uploadsFailed = new LongAdder();
    final LongAdder uploadsRetried = new LongAdder();
    final LongAdder bytesUploaded = new LongAdder();
    final LongAdder framesDropped = new LongAdder();
    final LongAdder framesLost = new LongAdder();

    /** Fragments fsynced to the spool (each one "recorded"). */
    public long fragmentsWritten() {
        return fragmentsWritten.sum();
    }

    /** Bytes of those fragments. */
    public long fragmentBytes() {
        return fragmentBytes.sum();
    }

    /** Fragments that could not be written or fsynced (disk full, I/O error): lost media, alert on it. */
    public long fragmentWriteFailures() {
        return fragmentWriteFailures.sum();
    }

    /**
     * Video frames (primary-track samples) of the fragments counted in {@link #fragmentWriteFailures()}: media the
     * cameras sent that is not recorded (a full or failing spool disk). Each loss also shows as a gap in the timeline.
     */
    public long framesLost() {
        return framesLost.sum();
    }

    /** Objects finalized into {@code ready/} by recorders. */
    public long objectsFinalized() {
        return objectsFinalized.sum();
    }

    /** Unfinished objects finalized by recovery after a restart. */
    public long objectsRecovered() {
        return objectsRecovered.sum();
    }

    /** Fragments kept by recovery. */
    public long fragmentsRecovered() {
        return fragmentsRecovered.sum();
    }

    /** Bytes of torn (never fsynced or incomplete) trailing fragments cut off by recovery. */
    public long tornBytesDiscarded() {
        return tornBytesDiscarded.sum();
    }

    /** Objects stored successfully (and deleted locally). */
    public long uploadsOk() {
        return uploadsOk.sum();
    }

    /** Upload attempts that failed. */
    public long uploadsFailed() {
        return uploadsFailed.sum();
    }

    /** Retries scheduled after failures. */
    public long uploadsRetried() {
        return uploadsRetried.sum();
    }

    /** Bytes stored successfully. */
    public long bytesUploaded() {
        return bytesUploaded.sum();
    }

    /** Frames recorders did not record: unknown or unsupported tracks, before the first keyframe, bad timing. */
    public long framesDropped() {
        return framesDropped.sum();
    }
}
