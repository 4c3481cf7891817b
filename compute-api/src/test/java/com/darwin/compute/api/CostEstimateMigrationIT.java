package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V21_1 turns the stored "min-max" estimate strings into numbers: run on a scratch copy of the
 * column in its own schema of the test database, with the values the Python service and earlier
 * versions stored (plain, scientific, unpriced, garbage).
 */
class CostEstimateMigrationIT extends ApiIntegrationTest {

  @Autowired DataSource dataSource;

  @Test
  void existingEstimatesBecomeTheSameNumbers() throws Exception {
    ScratchSchema.run(dataSource, "v12_check_", "", (schema, jdbc) -> check(jdbc, schema));
  }

  private static void check(JdbcTemplate jdbc, String schema) throws Exception {
    jdbc.execute(
        "CREATE TABLE clusters (cluster_id VARCHAR(64) PRIMARY KEY, estimated_cost VARCHAR(32))");
    jdbc.update(
        "INSERT INTO clusters VALUES ('plain', '1.234-5.5'), ('zero', '0.0-0.0'),"
            + " ('tiny', '1.0E-4-2.5E-4'), ('unpriced', NULL), ('garbage', 'N/A')");

    ScratchSchema.migrate(jdbc, "V21_1__estimated_cost_numbers.sql");

    Map<String, Object[]> rows = new java.util.HashMap<>();
    jdbc.query(
        "SELECT cluster_id, estimated_min_cost, estimated_max_cost FROM clusters",
        rs -> {
          rows.put(
              rs.getString(1),
              new Object[] {rs.getObject(2, Double.class), rs.getObject(3, Double.class)});
        });
    assertThat(rows.get("plain")).containsExactly(1.234, 5.5);
    assertThat(rows.get("zero")).containsExactly(0.0, 0.0);
    assertThat(rows.get("tiny")).containsExactly(1.0E-4, 2.5E-4);
    assertThat(rows.get("unpriced")).containsExactly(null, null);
    assertThat(rows.get("garbage")).containsExactly(null, null);
    assertThat(
            jdbc.queryForList(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND column_name = 'estimated_cost'",
                String.class,
                schema))
        .isEmpty();
  }
}
