package com.darwin.compute.api;

import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A schema of its own in the test database, for running one migration over tables a test makes in
 * the shape an older version left them; dropped afterwards.
 */
final class ScratchSchema {

  /** What a test does in the schema: its name, and a template on one connection set to it. */
  interface Work {
    void run(String schema, JdbcTemplate jdbc) throws Exception;
  }

  private ScratchSchema() {}

  /**
   * Runs {@code work} in a new schema ({@code prefix} plus a unique part, made with {@code
   * options}, e.g. a character set) on one of the application's connections.
   */
  static void run(DataSource dataSource, String prefix, String options, Work work)
      throws Exception {
    String schema = prefix + Long.toString(System.nanoTime(), 36);
    JdbcTemplate shared = new JdbcTemplate(dataSource);
    shared.execute("CREATE DATABASE " + schema + (options.isEmpty() ? "" : " " + options));
    try (var connection = dataSource.getConnection()) {
      // The connection goes back to the application's pool, which does not reset the catalog:
      // left on the scratch schema (dropped below) it would answer "No database selected" to
      // whichever job or request took it next.
      String home = connection.getCatalog();
      connection.setCatalog(schema);
      try {
        work.run(schema, new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
      } finally {
        connection.setCatalog(home);
      }
    } finally {
      shared.execute("DROP DATABASE " + schema);
    }
  }

  /** Runs the statements of a migration file as Flyway ships it (db/migration/{@code file}). */
  static void migrate(JdbcTemplate jdbc, String file) throws Exception {
    String migration =
        new ClassPathResource("db/migration/" + file).getContentAsString(StandardCharsets.UTF_8);
    for (String statement : migration.replaceAll("(?m)^--.*$", "").split(";")) {
      if (!statement.isBlank()) {
        jdbc.execute(statement);
      }
    }
  }
}
