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

  @Test
  void v22_3KeepsTheDefaultTargetFoundWhateverItsCase() throws Exception {
    ScratchSchema.run(
        dataSource,
        "v22_3_check_",
        "CHARACTER SET latin1",
        (schema, jdbc) -> {
          jdbc.execute(
              "CREATE TABLE user_cluster_visits (user_id VARCHAR(255) NOT NULL, cluster_id"
                  + " VARCHAR(32) NOT NULL, PRIMARY KEY (user_id, cluster_id))");
          jdbc.execute(
              "CREATE TABLE cluster_configs (config_key VARCHAR(255) NOT NULL, value TEXT NOT"
                  + " NULL, PRIMARY KEY (config_key))");
          jdbc.update(
              "INSERT INTO cluster_configs VALUES ('Cloud_Env', 'eks-1'), ('Team_Setting', 'x')");

          ScratchSchema.migrate(jdbc, "V22_3__utf8mb4_visits_and_configs.sql");

          assertThat(jdbc.queryForList("SELECT config_key FROM cluster_configs", String.class))
              .containsExactlyInAnyOrder("cloud_env", "Team_Setting");
          assertThat(
                  jdbc.queryForList(
                      "SELECT table_collation FROM information_schema.tables"
                          + " WHERE table_schema = ?",
                      String.class,
                      schema))
              .containsOnly("utf8mb4_bin");
        });
  }

  @Test
  void aSettingOfTheLongestValueFitsOnAServerWhoseDefaultWasAlreadyUtf8mb4() throws Exception {
    ScratchSchema.run(
        dataSource,
        "v35_check_",
        "CHARACTER SET utf8mb4",
        (schema, jdbc) -> {
          // As V11_50 made it: TEXT in the server's default, which V22_3 then leaves TEXT (65,535
          // bytes) when that default was already utf8mb4.
          jdbc.execute(
              "CREATE TABLE user_cluster_visits (user_id VARCHAR(255) NOT NULL, cluster_id"
                  + " VARCHAR(32) NOT NULL, PRIMARY KEY (user_id, cluster_id))");
          jdbc.execute(
              "CREATE TABLE cluster_configs (config_key VARCHAR(255) NOT NULL, value TEXT NOT"
                  + " NULL, PRIMARY KEY (config_key))");
          ScratchSchema.migrate(jdbc, "V22_3__utf8mb4_visits_and_configs.sql");
          ScratchSchema.migrate(jdbc, "V35__cluster_configs_value_bytes.sql");

          String longest =
              "\ud83d\ude80"
                  .repeat(com.darwin.compute.model.catalogue.ClusterConfigEntry.MAX_VALUE_LENGTH);
          jdbc.update("INSERT INTO cluster_configs VALUES ('longest', ?)", longest);
          assertThat(
                  jdbc.queryForObject(
                      "SELECT value FROM cluster_configs WHERE config_key = 'longest'",
                      String.class))
              .isEqualTo(longest);
        });
  }
}
