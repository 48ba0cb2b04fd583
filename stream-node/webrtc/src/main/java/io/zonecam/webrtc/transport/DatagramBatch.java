package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * DatagramBatch is an ordered set of datagrams, each with its destination, packed into one reusable array so that a
 * {@link DatagramSender} can hand them all to the kernel at once (one {@code sendmmsg}, consecutive equal-sized
 * datagrams to one address as one UDP GSO send). Filled and sent by one thread; nothing is allocated per datagram.
 */
public final class DatagramBatch {

    private final byte[] data;
    private final int[] offsets;
    private final int[] lengths;
    private final InetSocketAddress[] destinations;
    private int count;
    private int used;

    /**
     * @param maxDatagrams datagrams it holds at most
     * @param maxBytes     bytes it holds at most, all datagrams together
     */
    public DatagramBatch(int maxDatagrams, int maxBytes) {
        if (maxDatagrams < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch holds at least one datagram of one byte");
        }
        this.data = new byte[maxBytes];
        this.offsets = new int[maxDatagrams];
        this.lengths = new int[maxDatagrams];
        this.destinations = new InetSocketAddress[maxDatagrams];
    }

    /** Whether a datagram of {@code length} bytes still fits. */
    public boolean fits(int length) {
        return count < offsets.length && used + length <= data.length;
    }

    /**
     * Copies {@code buf[offset, offset + length)} in as the next datagram, to {@code to}.
     *
     * @throws IllegalStateException when it does not fit (check {@link #fits(int)} first)
     */
    public void add(byte[] buf, int offset, int length, InetSocketAddress to) {
        if (!fits(length)) {
            throw new IllegalStateException("batch full");
        }
        System.arraycopy(buf, offset, data, used, length);
        offsets[count] = used;
        lengths[count] = length;
        destinations[count] = Objects.requireNonNull(to, "to");
        used += length;
        count++;
    }

    /** Datagrams held. */
    public int size() {
        return count;
    }

    /** Bytes held, all datagrams together. */
    public int bytes() {
        return used;
    }

    /** The array every datagram lives in; datagram {@code i} is {@code [offset(i), offset(i) + length(i))}. */
    public byte[] data() {
        return data;
    }

    public int offset(int i) {
        return offsets[Objects.checkIndex(i, count)];
    }

    public int length(int i) {
        return lengths[Objects.checkIndex(i, count)];
    }

    public InetSocketAddress destination(int i) {
        return destinations[Objects.checkIndex(i, count)];
    }

    /**
     * How many datagrams from {@code first} on can leave as one UDP GSO send (Linux {@code UDP_SEGMENT}): consecutive,
     * to the same address, all of the first one's length except the last, which may be shorter; at most
     * {@code maxSegments} and {@code maxBytes} together. At least 1.
     */
    public int segmentRun(int first, int maxSegments, int maxBytes) {
        Objects.checkIndex(first, count);
        int size = lengths[first];
        InetSocketAddress to = destinations[first];
        int total = size;
        int n = 1;
        while (first + n < count && n < maxSegments) {
            int next = first + n;
            int len = lengths[next];
            if (len > size || total + len > maxBytes || !to.equals(destinations[next])) {
                break;
            }
            total += len;
            n++;
            if (len < size) {
                break;
            }
        }
        return n;
    }

    /** Forgets every datagram (and the destinations it referenced). */
    public void clear() {
        Arrays.fill(destinations, 0, count, null);
        count = 0;
        used = 0;
    }
}
