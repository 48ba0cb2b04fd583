package io.zonecam.control.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * StrictTimes makes request times what the spec says they are: RFC 3339 {@code date-time} strings. Jackson's own
 * {@link Instant} reader also takes epoch numbers ({@code 1700000000}) and ISO expanded years
 * ({@code -999999999-01-01T00:00:00Z}), which passed every check and reached the database. Anything else is a 400
 * naming the field ({@link ProblemMappers}).
 */
@Singleton
public class StrictTimes implements ObjectMapperCustomizer {

    /** RFC 3339 section 5.6: four-digit year, seconds, optional fraction, Z or a numeric offset. */
    static final Pattern DATE_TIME =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$");

    /** After Quarkus's own customizers, which register Jackson's time module: a later reader of a type wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("zonecam-strict-times").addDeserializer(Instant.class, new Reader()));
    }

    /** The reader of request {@link Instant}s. */
    static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText();
            if (text.length() > 40 || !DATE_TIME.matcher(text).matches()) {
                throw InvalidFormatException.from(p, "not an RFC 3339 date-time", text, Instant.class);
            }
            try {
                return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw InvalidFormatException.from(p, "not an RFC 3339 date-time", text, Instant.class);
            }
        }
    }
}
