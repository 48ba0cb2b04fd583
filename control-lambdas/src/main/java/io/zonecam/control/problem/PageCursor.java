package io.zonecam.control.problem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * PageCursor is the opaque position of keyset pagination over rows ordered by a time and an id (cameras and share
 * links by creation, events by occurrence): the time and id of the last row returned, in microseconds as PostgreSQL
 * keeps them. A cursor that does not decode is a 400 naming {@code cursor}.
 */
public record PageCursor(Instant at, UUID id) {

    /** Page is one page of a list: its items and the cursor of the next page, null on the last. */
    public record Page<T>(List<T> items, String nextCursor) {}

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + "_" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code text}, null when absent or empty, or a 400 problem. */
    public static PageCursor decode(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int sep = s.indexOf('_');
            long micros = Long.parseLong(s.substring(0, sep));
            return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(s.substring(sep + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /**
     * Adds newest-first keyset paging to a Panache query over {@code createdAt} and {@code id}: only the rows after
     * {@code after} (every row when it is null), then the order.
     */
    public static void newestFirst(PageCursor after, StringBuilder where, Map<String, Object> params) {
        if (after != null) {
            where.append(" and (createdAt < :ct or (createdAt = :ct and id < :cid))");
            params.put("ct", after.at());
            params.put("cid", after.id());
        }
        where.append(" order by createdAt desc, id desc");
    }

    /**
     * The page of {@code rows}, read as {@code limit + 1} so that one more row tells a next page exists: the first
     * {@code limit} as items, and the position of the last of them as the next cursor.
     */
    public static <R, T> Page<T> page(List<R> rows, int limit, Function<R, T> item, Function<R, PageCursor> position) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            items.add(item.apply(rows.get(i)));
        }
        String next = rows.size() > limit ? position.apply(rows.get(limit - 1)).encode() : null;
        return new Page<>(items, next);
    }
}
