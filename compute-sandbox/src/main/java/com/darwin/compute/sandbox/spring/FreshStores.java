package com.darwin.compute.sandbox.spring;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The empty database and search index a context asks for with {@code sandbox.fresh-stores=true}:
 * its own on the JVM's shared MariaDB and Elasticsearch, so a test that needs a context of its own
 * (its own timeouts, its own sweep) sees only its own clusters without starting a sandbox of its
 * own. Both names share one random suffix; the database is created by the JDBC URL and migrated by
 * Flyway like any other, the index by the service on first use.
 */
record FreshStores(String databaseUrl, String searchIndex) {

  /** The default index name of {@code compute.search.index}, which the fresh one extends. */
  static final String INDEX_PREFIX = "darwin-compute-clusters-";

  static final String DATABASE_PREFIX = "darwin_compute_";

  private static final SecureRandom RANDOM = new SecureRandom();

  // jdbc:mysql://host[:port][/database][?parameters]: the part between the authority and the
  // parameters is replaced.
  private static final Pattern MYSQL_URL =
      Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]+)(/[^?]*)?(\\?.*)?$");

  /** Stores with a new random suffix beside the database of {@code sharedDatabaseUrl}. */
  static FreshStores beside(String sharedDatabaseUrl) {
    // Base 36: digits and lower-case letters, valid in a database and an index name alike.
    String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return new FreshStores(
        withDatabase(sharedDatabaseUrl, DATABASE_PREFIX + suffix), INDEX_PREFIX + suffix);
  }

  /** The same server and parameters, another database, created on first connection. */
  static String withDatabase(String jdbcUrl, String database) {
    var matcher = MYSQL_URL.matcher(jdbcUrl);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "sandbox.fresh-stores needs a jdbc:mysql:// or jdbc:mariadb:// URL, not " + jdbcUrl);
    }
    String parameters = matcher.group(3) == null ? "" : matcher.group(3);
    if (!parameters.contains("createDatabaseIfNotExist=")) {
      parameters =
          (parameters.isEmpty() ? "?" : parameters + "&") + "createDatabaseIfNotExist=true";
    }
    return matcher.group(1) + "/" + database + parameters;
  }
}
