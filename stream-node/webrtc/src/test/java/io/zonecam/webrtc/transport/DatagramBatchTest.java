package io.zonecam.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class DatagramBatchTest {

    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5001);

    static void add(DatagramBatch b, int length, InetSocketAddress to) {
        b.add(new byte[length], 0, length, to);
    }

    @Test
    void shouldPackDatagramsBackToBackAndCopyTheirBytes() {
        DatagramBatch b = new DatagramBatch(4, 100);
        byte[] src = {9, 1, 2, 3, 9};
        b.add(src, 1, 3, A);
        src[1] = 7; // the batch holds a copy
        b.add(new byte[] {4, 5}, 0, 2, B);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.bytes()).isEqualTo(5);
        assertThat(b.offset(1)).isEqualTo(3);
        assertThat(b.length(1)).isEqualTo(2);
        assertThat(b.destination(1)).isEqualTo(B);
        assertThat(b.data()).startsWith(1, 2, 3, 4, 5);
    }

    @Test
    void shouldRefuseWhatDoesNotFitAndStartAgainWhenCleared() {
        DatagramBatch b = new DatagramBatch(2, 10);
        add(b, 6, A);
        assertThat(b.fits(5)).isFalse();
        assertThat(b.fits(4)).isTrue();
        assertThatThrownBy(() -> add(b, 5, A)).isInstanceOf(IllegalStateException.class);
        add(b, 4, A);
        assertThat(b.fits(0)).as("two datagrams at most").isFalse();
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.bytes()).isZero();
        assertThat(b.fits(10)).isTrue();
        assertThatThrownBy(() -> b.destination(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRunEqualSizedDatagramsToOneAddressEndingAtAShorterOne() {
        // A picture's packets to viewer A (three full, the last shorter), then A again, then viewer B.
        DatagramBatch b = new DatagramBatch(16, 10_000);
        add(b, 1000, A);
        add(b, 1000, A);
        add(b, 1000, A);
        add(b, 400, A);
        add(b, 1000, A);
        add(b, 1000, B);
        add(b, 1000, B);
        assertThat(b.segmentRun(0, 64, 60_000)).isEqualTo(4);
        assertThat(b.segmentRun(4, 64, 60_000))
                .as("another address ends the run")
                .isEqualTo(1);
        assertThat(b.segmentRun(5, 64, 60_000)).isEqualTo(2);
        assertThat(b.segmentRun(3, 64, 60_000))
                .as("a longer datagram never joins a shorter one's run")
                .isEqualTo(1);
    }

    @Test
    void shouldCapRunsAtTheSegmentAndByteLimits() {
        DatagramBatch b = new DatagramBatch(16, 10_000);
        for (int i = 0; i < 8; i++) {
            add(b, 1000, A);
        }
        assertThat(b.segmentRun(0, 3, 60_000)).isEqualTo(3);
        assertThat(b.segmentRun(0, 64, 2_500)).isEqualTo(2);
        assertThat(b.segmentRun(6, 64, 60_000)).isEqualTo(2);
    }
}
