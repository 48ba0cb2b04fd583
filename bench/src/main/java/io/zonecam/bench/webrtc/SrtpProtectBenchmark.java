package io.zonecam.bench.webrtc;

import io.zonecam.bench.ThroughputBenchmark;
import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpMasterKey;
import io.zonecam.webrtc.srtp.SrtpProfile;
import java.util.Random;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SrtpProtectBenchmark measures the per-viewer cost of the SFU's send path: protecting one 1,200-byte RTP packet
 * for one viewer, per SRTP profile.
 *
 * <p>{@code fanOut} is what the SFU does: the packet's payload is shared by all viewers and stays untouched; the
 * viewer's header is written into its own buffer and the payload is encrypted straight into it. {@code inPlace}
 * copies the whole packet first and protects it in place. The {@code bits} counter is the RTP packet bits protected
 * per second (divide by 10^9 for Gbit/s). Run:
 * <pre>
 * java -jar bench/target/benchmarks.jar SrtpProtectBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SrtpProtectBenchmark extends ThroughputBenchmark {

    /** RTP packet size including the 12-byte header, typical of a full video packet under a 1,500-byte MTU. */
    static final int PACKET = 1200;

    static final int HEADER = 12;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public String profile;

    private SrtpContext context;
    private byte[] shared;
    private byte[] viewerBuffer;
    private int seq;

    /** Throughput counts the bits protected, reported as a rate next to packets per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        /** RTP bits protected. */
        public long bits;

        /** Zeroes the counter for each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            bits = 0;
        }
    }

    /** Creates the context with random keys and one shared RTP packet. */
    @Setup
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random random = new Random(1);
        byte[] key = new byte[p.keyLength()];
        byte[] salt = new byte[p.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        context = SrtpContext.create(new SrtpMasterKey(p, key, salt));
        shared = new byte[PACKET];
        random.nextBytes(shared);
        shared[0] = (byte) 0x80;
        shared[1] = 96;
        viewerBuffer = new byte[1500];
    }

    /** Header into the viewer's buffer, payload encrypted from the shared packet. */
    @Benchmark
    public int fanOut(Throughput throughput) {
        System.arraycopy(shared, 0, viewerBuffer, 0, HEADER);
        nextSequenceNumber();
        throughput.bits += PACKET * 8L;
        return context.protectRtp(viewerBuffer, 0, HEADER, shared, HEADER, PACKET - HEADER);
    }

    /** Whole packet copied, then protected in place. */
    @Benchmark
    public int inPlace(Throughput throughput) {
        System.arraycopy(shared, 0, viewerBuffer, 0, PACKET);
        nextSequenceNumber();
        throughput.bits += PACKET * 8L;
        return context.protectRtp(viewerBuffer, 0, PACKET);
    }

    private void nextSequenceNumber() {
        // A fresh index every time: the context refuses to protect one twice.
        seq = (seq + 1) & 0xFFFF;
        viewerBuffer[2] = (byte) (seq >>> 8);
        viewerBuffer[3] = (byte) seq;
    }
}
