package io.zonecam.recording.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sidx box (ISO/IEC 14496-12 §8.16.3) written and read field by field. */
class SegmentIndexTest {

    // A version-1 sidx with two references, commented by field.
    static final String TWO_REFERENCES = String.join(
            "",
            "00000040",
            "73696478", // size 64, 'sidx'
            "01000000", // version 1, flags 0
            "00000001", // reference_ID 1
            "00015f90", // timescale 90000
            "0000000000001c20", // earliest_presentation_time 7200
            "0000000000000010", // first_offset 16 (a free box follows)
            "0000",
            "0002", // reserved, reference_count 2
            "0001e240",
            "0002bf20",
            "90000000", // type 0 + size 123456, duration 180000, SAP 1 type 1
            "00000400",
            "00015f90",
            "00000000"); // size 1024, duration 90000, no SAP

    @Test
    void writesTheDocumentedBytes() {
        SegmentIndex sidx = new SegmentIndex(
                1,
                90000,
                7200,
                16,
                List.of(
                        new SegmentIndex.Reference(123456, 180000, true, 1, 0),
                        new SegmentIndex.Reference(1024, 90000, false, 0, 0)));
        assertThat(HexFormat.of().formatHex(sidx.toByteArray())).isEqualTo(TWO_REFERENCES);
        assertThat(sidx.boxSize()).isEqualTo(64);
        assertThat(sidx.totalSize()).isEqualTo(124480);
        assertThat(sidx.totalDuration()).isEqualTo(270000);
    }

    @Test
    void readsWhatItWrites() {
        byte[] box = HexFormat.of().parseHex(TWO_REFERENCES);
        SegmentIndex sidx = SegmentIndex.parse(box, 0, box.length);
        assertThat(sidx.earliestPresentationTime()).isEqualTo(7200);
        assertThat(sidx.firstOffset()).isEqualTo(16);
        assertThat(sidx.references()).extracting(SegmentIndex.Reference::size).containsExactly(123456L, 1024L);
        assertThat(sidx.references().get(0).startsWithSap()).isTrue();
        assertThat(sidx.references().get(1).startsWithSap()).isFalse();
    }

    @Test
    void readsVersionZero() {
        byte[] box = HexFormat.of()
                .parseHex(String.join(
                        "",
                        "0000002c",
                        "73696478",
                        "00000000",
                        "00000002",
                        "000003e8",
                        "00000064",
                        "00000000",
                        "0000",
                        "0001",
                        "00000100",
                        "000007d0",
                        "90000000"));
        SegmentIndex sidx = SegmentIndex.parse(box, 0, box.length);
        assertThat(sidx.referenceId()).isEqualTo(2);
        assertThat(sidx.timescale()).isEqualTo(1000);
        assertThat(sidx.earliestPresentationTime()).isEqualTo(100);
        assertThat(sidx.references().get(0).duration()).isEqualTo(2000);
    }

    @Test
    void refusesHierarchicalIndexesAndMiscountedReferences() {
        byte[] box = HexFormat.of().parseHex(TWO_REFERENCES);
        byte[] hierarchical = box.clone();
        hierarchical[40] |= (byte) 0x80; // reference_type 1 on the first reference
        assertThatThrownBy(() -> SegmentIndex.parse(hierarchical, 0, hierarchical.length))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageContaining("hierarchical");
        byte[] miscounted = box.clone();
        miscounted[39] = 3;
        assertThatThrownBy(() -> SegmentIndex.parse(miscounted, 0, miscounted.length))
                .isInstanceOf(MediaFormatException.class);
    }
}
