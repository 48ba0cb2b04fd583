package io.zonecam.bench.control;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MillionFixture bulk-loads the control plane's own database with a fleet at full size, in SQL (the API would take
 * hours): {@code orgs} organizations of 100 cameras plus one of {@code bigOrg} cameras, one device and one placed
 * camera per camera, spread round-robin over the nodes registered through the API beforehand, and the nodes'
 * assigned counters to match. Only for a database of its own: it never runs against the test databases.
 */
final class MillionFixture {

    private MillionFixture() {}

    static void load(String jdbcUrl, UUID bigOrg, int bigOrgCameras, int cameras) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement()) {
            int others = (cameras - bigOrgCameras) / 100;
            s.execute("insert into organizations (id, name, region, created_at) select "
                    + "('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bulk ' || g, 'bench', now() "
                    + "from generate_series(1, " + others + ") g");
            s.execute("insert into devices (serial, claim_code_hash, provisioned_at) select 'M-' || g, '\\x00', now() "
                    + "from generate_series(1, " + cameras + ") g");
            s.execute("create temporary table bench_nodes as select id, zone_id, row_number() over (order by id) - 1 "
                    + "as i from nodes where zone_id like 'mz-%'");
            s.execute("insert into cameras (id, organization_id, serial, name, retention_days, status, zone_id, "
                    + "node_id, assigned_at, created_at, updated_at) select gen_random_uuid(), "
                    + "case when g <= " + bigOrgCameras + " then '" + bigOrg + "'::uuid else "
                    + "('00000000-0000-4000-8000-' || lpad(to_hex((g - " + bigOrgCameras
                    + " - 1) / 100 + 1), 12, '0'))::uuid"
                    + " end, 'M-' || g, 'Camera ' || g, 30, 'online', n.zone_id, n.id, now(), now(), now() "
                    + "from generate_series(1, " + cameras + ") g "
                    + "join bench_nodes n on n.i = g % (select count(*) from bench_nodes)");
            s.execute("update nodes set assigned_cameras = x.n from (select node_id, count(*) n from cameras "
                    + "group by node_id) x where x.node_id = nodes.id");
            s.execute(
                    "update cameras set online_node_id = node_id where online_node_id is null and node_id is not null");
            s.execute("analyze");
        }
    }

    /** Each node's cameras, as its heartbeats report them. */
    static Map<String, List<UUID>> camerasByNode(String jdbcUrl) throws SQLException {
        Map<String, List<UUID>> m = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement ps = c.prepareStatement(
                        "select node_id, id from cameras where node_id is not null and deleted_at is null");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add((UUID) rs.getObject(2));
            }
        }
        return m;
    }

    /** Clears pg_stat_statements, when the server has it (scripts/bench-control-million creates the extension). */
    static void resetStatements(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("select pg_stat_statements_reset()");
        } catch (SQLException e) {
            System.out.println("statements: pg_stat_statements not available (" + e.getMessage() + ")");
        }
    }

    /** Prints the statements that took the most time since {@link #resetStatements}, one line each. */
    static void printStatements(String jdbcUrl, String phase) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select calls, total_exec_time, mean_exec_time, max_exec_time, rows, "
                        + "shared_blks_hit + shared_blks_read, regexp_replace(query, '\\s+', ' ', 'g') "
                        + "from pg_stat_statements where dbid = (select oid from pg_database where datname = "
                        + "current_database()) order by total_exec_time desc limit 15")) {
            while (rs.next()) {
                String q = rs.getString(7);
                System.out.printf(
                        java.util.Locale.ROOT,
                        "statements %s: calls %d total %.0f ms mean %.3f ms max %.1f ms rows %d blocks %d: %s%n",
                        phase,
                        rs.getLong(1),
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        q.length() > 200 ? q.substring(0, 200) : q);
            }
        } catch (SQLException e) {
            System.out.println("statements: pg_stat_statements not available (" + e.getMessage() + ")");
        }
    }

    /** One fleet snapshot as the allocator reads it: every zone's load, then every node of every zone. */
    static double snapshotMillis(String jdbcUrl, String zonesSql, String nodesSql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            long t0 = System.nanoTime();
            List<String> zones = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(zonesSql)) {
                while (rs.next()) {
                    zones.add(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(nodesSql.formatted("?"))) {
                for (String z : zones) {
                    ps.setString(1, z);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
