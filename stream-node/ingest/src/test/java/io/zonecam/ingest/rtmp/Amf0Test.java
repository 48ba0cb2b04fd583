package io.zonecam.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AMF0 vectors from the AMF0 specification's type layouts and from ffmpeg's connect command. */
class Amf0Test {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void encodesNumberStringBooleanNullAsTheSpecLaysThemOut() {
        assertThat(Amf0.encode(1.0))
                .containsExactly(0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0); // number marker, IEEE-754 1.0 big-endian
        assertThat(Amf0.encode("connect"))
                .containsExactly(
                        0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't'); // string marker, u16 length, UTF-8
        assertThat(Amf0.encode(true, null, Amf0.UNDEFINED))
                .containsExactly(
                        0x01, 0x01, // boolean true
                        0x05, // null
                        0x06); // undefined
    }

    @Test
    void encodesAnObjectWithTheEmptyKeyEndMarker() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("a", 2.0);
        assertThat(Amf0.encode(o))
                .containsExactly(
                        0x03, // object marker
                        0x00, 0x01, 'a', // key "a"
                        0x00, 0x40, 0, 0, 0, 0, 0, 0, 0, // number 2.0
                        0x00, 0x00, 0x09); // empty key + object end
    }

    @Test
    void decodesFfmpegsConnectCommand() {
        byte[] connect = bytes(
                0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't', // "connect"
                0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, // transaction id 1
                0x03, // command object
                0x00, 0x03, 'a', 'p', 'p', 0x02, 0x00, 0x04, 'l', 'i', 'v', 'e', 0x00, 0x04, 't', 'y', 'p', 'e', 0x02,
                0x00, 0x0A, 'n', 'o', 'n', 'p', 'r', 'i', 'v', 'a', 't', 'e', 0x00, 0x05, 't', 'c', 'U', 'r', 'l', 0x02,
                0x00, 0x10, 'r', 't', 'm', 'p', ':', '/', '/', 'h', ':', '1', '/', 'l', 'i', 'v', 'e', '/', 0x00, 0x00,
                0x09);
        List<Object> v = Amf0.decodeAll(connect);
        assertThat(v).hasSize(3);
        assertThat(v.get(0)).isEqualTo("connect");
        assertThat(v.get(1)).isEqualTo(1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> cmd = (Map<String, Object>) v.get(2);
        assertThat(cmd)
                .containsEntry("app", "live")
                .containsEntry("type", "nonprivate")
                .containsEntry("tcUrl", "rtmp://h:1/live/");
    }

    @Test
    void decodesEcmaArrayStrictArrayDateAndLongString() {
        byte[] data = bytes(
                0x08, 0x00, 0x00, 0x00, 0x01, // ECMA array, count 1 (advisory)
                0x00, 0x05, 'w', 'i', 'd', 't', 'h', 0x00, 0x40, 0x74, 0, 0, 0, 0, 0, 0, // width 320.0
                0x00, 0x00, 0x09, 0x0A, 0x00, 0x00, 0x00, 0x02, 0x05, 0x01, 0x00, // strict array [null, false]
                0x0B, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, // date 0.0, time zone 0
                0x0C, 0x00, 0x00, 0x00, 0x02, 'o', 'k'); // long string "ok"
        List<Object> v = Amf0.decodeAll(data);
        assertThat(v.get(0)).isEqualTo(Map.of("width", 320.0));
        assertThat(v.get(1)).isEqualTo(java.util.Arrays.asList(null, false));
        assertThat(v.get(2)).isEqualTo(0.0);
        assertThat(v.get(3)).isEqualTo("ok");
    }

    @Test
    void roundTripsNestedValues() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("level", "status");
        inner.put("list", List.of(1.0, "x"));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("info", inner);
        byte[] encoded = Amf0.encode("onStatus", 0.0, null, outer);
        assertThat(Amf0.decodeAll(encoded)).containsExactly("onStatus", 0.0, null, outer);
    }

    @Test
    void refusesTruncatedValues() {
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x00, 0x3F)))
                .isInstanceOf(Amf0Exception.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x02, 0x00, 0x09, 'a'))).isInstanceOf(Amf0Exception.class);
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x03, 0x00, 0x01, 'a'))).isInstanceOf(Amf0Exception.class);
    }

    @Test
    void refusesHugeDeclaredSizesWithoutAllocating() {
        // long string claiming 4 GiB, strict array claiming 4 billion elements
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x0C, 0xFF, 0xFF, 0xFF, 0xFF)))
                .isInstanceOf(Amf0Exception.class)
                .hasMessageContaining("exceeds the remaining");
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05)))
                .isInstanceOf(Amf0Exception.class)
                .hasMessageContaining("exceeds the data");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        byte[] deep = new byte[(Amf0.MAX_DEPTH + 2) * 5];
        int p = 0;
        for (int i = 0; i < Amf0.MAX_DEPTH + 2; i++) {
            deep[p++] = 0x0A; // strict array of one element, nested
            deep[p++] = 0;
            deep[p++] = 0;
            deep[p++] = 0;
            deep[p++] = 1;
        }
        assertThatThrownBy(() -> Amf0.decodeAll(deep))
                .isInstanceOf(Amf0Exception.class)
                .hasMessageContaining("nesting deeper");
    }

    @Test
    void refusesReferencesAndUnknownMarkers() {
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x07, 0x00, 0x00))).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x42))).hasMessageContaining("unknown AMF0 type 0x42");
        assertThatThrownBy(() -> Amf0.decodeAll(bytes(0x09))).hasMessageContaining("unexpected AMF0 object end");
    }

    @Test
    void capsTheTotalNumberOfValues() {
        byte[] many = new byte[Amf0.MAX_ELEMENTS + 1];
        java.util.Arrays.fill(many, (byte) 0x05); // that many nulls
        assertThatThrownBy(() -> Amf0.decodeAll(many)).hasMessageContaining("more than " + Amf0.MAX_ELEMENTS);
    }
}
