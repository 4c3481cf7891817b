package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Text is stored as sent and ids compare byte for byte (V14_1), in every table the migrations make,
 * whatever the server's default character set: a table left in latin1 or utf8mb3 refuses an emoji
 * or a Chinese name with "Incorrect string value" (a 500).
 */
class SchemaCharsetIT extends ApiIntegrationTest {

  /** Flyway's own table, made before any migration; it holds file names and checksums. */
  private static final String FLYWAY_HISTORY = "flyway_schema_history";

  @Autowired DataSource dataSource;

  @Test
  void everyTableAndTextColumnIsUtf8mb4() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Map<String, Object>> tables =
        jdbc.queryForList(
            "SELECT table_name AS name, table_collation AS collation FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
                + " AND table_name <> ?",
            FLYWAY_HISTORY);
    assertThat(tables).extracting(t -> t.get("name")).contains("clusters", "cluster_configs");
    assertThat(tables)
        .allSatisfy(
            t -> assertThat(t.get("collation")).as("%s", t.get("name")).isEqualTo("utf8mb4_bin"));

    List<Map<String, Object>> columns =
        jdbc.queryForList(
            "SELECT CONCAT(table_name, '.', column_name) AS name, character_set_name AS charset"
                + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND character_set_name IS NOT NULL AND table_name <> ?",
            FLYWAY_HISTORY);
    assertThat(columns).isNotEmpty();
    assertThat(columns)
        .allSatisfy(c -> assertThat(c.get("charset")).as("%s", c.get("name")).isEqualTo("utf8mb4"));
  }
}
