package io.zonecam.webrtc.rtx;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * RetransmissionBuffer keeps the last sent RTP packets of one camera stream, keyed by the outgoing sequence number
 * space that all viewers of the camera share, so NACKed packets (RFC 4585 §6.2.1) can be sent again.
 *
 * <p>Each packet is stored once, unencrypted, by reference: the caller must not change a packet after adding it.
 * The ring holds at most {@code capacity} packets and answers only for packets younger than {@code maxAge}
 * (a NACK for an older packet comes after the receiver's jitter buffer gave up on it).
 *
 * <p>One thread adds (the camera's fan-out); any number of viewer threads look up concurrently without locks.
 * Entries are immutable and published through an atomic array, so a reader sees either the old or the new entry
 * of a slot and checks its sequence number.
 */
public final class RetransmissionBuffer {

    /** Default capacity: about 1 s of a 5 Mb/s stream in 1200-byte packets. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Default age limit. */
    public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;

    private record Entry(int sequenceNumber, long storedAtNanos, byte[] packet) {}

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final LongAdder stored = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder expired = new LongAdder();

    /**
     * @param capacity    packets kept: a power of two from 16 to 32768 (half the sequence number space, so a slot is
     *                    overwritten long before its sequence number comes round again)
     * @param maxAgeNanos how long a packet stays retransmittable
     * @param nanoClock   monotonic time source, {@code System::nanoTime} outside tests
     */
    public RetransmissionBuffer(int capacity, long maxAgeNanos, LongSupplier nanoClock) {
        if (capacity < 16 || capacity > 32_768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in [16, 32768]: " + capacity);
        }
        if (maxAgeNanos <= 0) {
            throw new IllegalArgumentException("maxAgeNanos must be positive");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** A buffer with {@link #DEFAULT_CAPACITY} packets and a 1 s age limit on the system clock. */
    public static RetransmissionBuffer withDefaults() {
        return new RetransmissionBuffer(DEFAULT_CAPACITY, DEFAULT_MAX_AGE_NANOS, System::nanoTime);
    }

    /**
     * Stores a packet just sent (the whole unencrypted RTP packet). Packets shorter than an RTP header or not RTP
     * version 2 are counted in {@link #rejected()} and not stored.
     */
    public void add(byte[] rtpPacket) {
        if (rtpPacket == null || rtpPacket.length < RtpHeader.FIXED_LENGTH || (rtpPacket[0] & 0xC0) != 0x80) {
            rejected.increment();
            return;
        }
        int seq = RtpHeader.sequenceNumber(rtpPacket);
        slots.set(seq & mask, new Entry(seq, nanoClock.getAsLong(), rtpPacket));
        stored.increment();
    }

    /** The stored packet with this sequence number (low 16 bits used), or {@code null} when gone or too old. */
    public byte[] get(int sequenceNumber) {
        int seq = sequenceNumber & 0xFFFF;
        Entry e = slots.get(seq & mask);
        if (e == null || e.sequenceNumber != seq) {
            misses.increment();
            return null;
        }
        if (nanoClock.getAsLong() - e.storedAtNanos > maxAgeNanos) {
            expired.increment();
            return null;
        }
        hits.increment();
        return e.packet;
    }

    /**
     * Looks up the packets of one Generic NACK FCI entry (RFC 4585 §6.2.1): {@code pid} and each sequence number
     * {@code pid + i + 1} whose bit {@code i} is set in the bitmask {@code blp}, in that order.
     *
     * @return how many of them were found and given to {@code found}
     */
    public int lookupNack(int pid, int blp, Consumer<byte[]> found) {
        int n = 0;
        for (int i = -1; i < 16; i++) {
            if (i >= 0 && (blp & (1 << i)) == 0) {
                continue;
            }
            byte[] p = get(pid + i + 1);
            if (p != null) {
                found.accept(p);
                n++;
            }
        }
        return n;
    }

    /** Packets stored. */
    public long stored() {
        return stored.sum();
    }

    /** Packets refused by {@link #add} as not RTP. */
    public long rejected() {
        return rejected.sum();
    }

    /** Lookups that found their packet. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups for packets never stored or already overwritten. */
    public long misses() {
        return misses.sum();
    }

    /** Lookups for packets still stored but older than the age limit. */
    public long expired() {
        return expired.sum();
    }

    /** Packets the ring can hold. */
    public int capacity() {
        return mask + 1;
    }
}
