package io.zonecam.control.store;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NamedSql is a statement written with named parameters ({@code :name}, as Panache's native queries take them) in the
 * reactive client's positional form ({@code $1}, one number per name), so that one statement text serves both.
 * Conversions are kept per text: the client caches prepared statements by their text.
 */
record NamedSql(String sql, List<String> names) {

    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([A-Za-z]\\w*)");
    private static final Map<String, NamedSql> CONVERTED = new ConcurrentHashMap<>();

    /** The positional form of {@code named}. */
    static NamedSql of(String named) {
        return CONVERTED.computeIfAbsent(named, NamedSql::convert);
    }

    private static NamedSql convert(String named) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Matcher m = NAMED.matcher(named);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            int n = index.computeIfAbsent(m.group(1), k -> index.size() + 1);
            m.appendReplacement(sql, "\\$" + n);
        }
        m.appendTail(sql);
        return new NamedSql(sql.toString(), List.copyOf(index.keySet()));
    }

    /** The arguments in parameter order; instants are bound as UTC timestamps. */
    Tuple bind(Map<String, Object> params) {
        Tuple args = Tuple.tuple();
        for (String name : names) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            Object v = params.get(name);
            args.addValue(v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
        }
        return args;
    }
}
