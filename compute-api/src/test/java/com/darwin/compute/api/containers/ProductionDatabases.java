package com.darwin.compute.api.containers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The {@code -Pmysql8} profile: the persistence and search tests run against the servers production
 * runs, MySQL 8 and Elasticsearch 8 in Testcontainers, with Hibernate's MySQL dialect detected as
 * in production instead of the sandbox's MariaDB settings. Without Docker every test is reported as
 * skipped with that reason.
 *
 * <p>Registered for the profile only, by JUnit's extension auto-detection ({@code
 * META-INF/services}, switched on by the profile): it runs before any Spring context of the JVM is
 * built, so the sandbox picks the containers up through {@code sandbox.database.url} and {@code
 * sandbox.elasticsearch.url}.
 */
public class ProductionDatabases implements ExecutionCondition {

  static final String MYSQL_IMAGE = "mysql:8.4";
  static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:8.19.0";

  private static String started;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!Boolean.getBoolean("compute.test.mysql8")) {
      return ConditionEvaluationResult.enabled("not the -Pmysql8 run");
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.disabled(
          "-Pmysql8: no Docker here, so no Testcontainers MySQL 8 / Elasticsearch 8 to test against");
    }
    return ConditionEvaluationResult.enabled(start());
  }

  private static synchronized String start() {
    if (started == null) {
      // Stopped by Testcontainers' reaper when the test JVM exits.
      @SuppressWarnings("resource")
      MySQLContainer mysql =
          new MySQLContainer(MYSQL_IMAGE)
              .withDatabaseName("darwin_compute")
              .withUsername("root")
              .withPassword("");
      mysql.start();
      @SuppressWarnings("resource")
      ElasticsearchContainer elasticsearch =
          new ElasticsearchContainer(ELASTICSEARCH_IMAGE)
              .withEnv("xpack.security.enabled", "false")
              .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
      elasticsearch.start();
      String jdbcUrl =
          "jdbc:mysql://"
              + mysql.getHost()
              + ":"
              + mysql.getFirstMappedPort()
              + "/darwin_compute?allowPublicKeyRetrieval=true&useSSL=false";
      System.setProperty("sandbox.database.url", jdbcUrl);
      System.setProperty("sandbox.database.dialect", "mysql");
      System.setProperty(
          "sandbox.elasticsearch.url", "http://" + elasticsearch.getHttpHostAddress());
      started = "MySQL " + MYSQL_IMAGE + " at " + jdbcUrl + ", " + ELASTICSEARCH_IMAGE;
    }
    return started;
  }
}
