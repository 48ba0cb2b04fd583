package io.zonecam.control.pictures;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.time.Instant;

/** PictureModels are the API bodies of snapshot URLs, named as in the OpenAPI spec. */
public final class PictureModels {

    private PictureModels() {}

    /**
     * A snapshot request; every field optional (absent {@code at}: the live picture). A class, not a record: an
     * explicit {@code null} is refused as the spec's types say, while an absent field stays null, which Jackson tells
     * apart only for fields it sets. Scalars are read strictly: {@code "exact": 1} or {@code "true"}, {@code "size":
     * 640} are 400s, not coerced.
     */
    @RegisterForReflection
    public static final class SnapshotRequest {
        @JsonSetter(nulls = Nulls.FAIL)
        public Instant at;

        @JsonSetter(nulls = Nulls.FAIL)
        @JsonDeserialize(using = StrictText.class)
        @Pattern(regexp = "full|640|160", message = "must be full, 640 or 160")
        public String size;

        @JsonSetter(nulls = Nulls.FAIL)
        @JsonDeserialize(using = StrictFlag.class)
        public Boolean exact;

        @JsonSetter(nulls = Nulls.FAIL)
        @JsonDeserialize(using = StrictText.class)
        @Pattern(regexp = "jpeg|webp", message = "must be jpeg or webp")
        public String format;
    }

    @RegisterForReflection
    public record SnapshotUrl(String url, Instant expiresAt) {}

    /** StrictText reads only JSON strings (Jackson's own reader also turns numbers and booleans into text). */
    static final class StrictText extends StdScalarDeserializer<String> {
        StrictText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                    ? p.getText()
                    : (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    /** StrictFlag reads only JSON {@code true} and {@code false} (Jackson's own reader also takes 1 and "true"). */
    static final class StrictFlag extends StdScalarDeserializer<Boolean> {
        StrictFlag() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
            };
        }
    }
}
