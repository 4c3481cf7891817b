package com.darwin.compute.sandbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Boots a tiny Spring application the way compute-api's tests and local profile do. */
class SandboxSpringIntegrationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @Test
  void pointsTheApplicationAtTheSandboxAndExposesIt() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                "sandbox.enabled=true",
                "sandbox.operator.head-ready-delay=200ms",
                "sandbox.operator.jupyter-ready-delay=200ms",
                "sandbox.operator.worker-ready-delay=150ms")
            .run()) {
      Sandbox sandbox = context.getBean(Sandbox.class);
      Environment env = context.getEnvironment();

      assertThat(Sandbox.current()).containsSame(sandbox);
      assertThat(env.getProperty("spring.datasource.url")).isEqualTo(sandbox.database().jdbcUrl());
      assertThat(env.getProperty("spring.datasource.username")).isEqualTo("root");
      assertThat(env.getProperty("spring.datasource.password")).isEmpty();
      assertThat(env.getProperty("spring.jpa.database-platform"))
          .isEqualTo("org.hibernate.dialect.MariaDBDialect");
      assertThat(env.getProperty("spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access"))
          .isEqualTo("false");
      assertThat(env.getProperty("spring.jpa.properties.jakarta.persistence.database-product-name"))
          .isEqualTo("MariaDB");
      assertThat(
              env.getProperty("spring.jpa.properties.jakarta.persistence.database-product-version"))
          .isEqualTo("11.4");
      assertThat(env.getProperty("compute.search.url")).isEqualTo(sandbox.elasticsearch().url());
      assertThat(env.getProperty("compute.kubernetes.targets.sandbox.master-url"))
          .isEqualTo(sandbox.kubernetes().masterUrl());
      assertThat(env.getProperty("compute.kubernetes.targets.sandbox.namespace")).isEqualTo("ray");
      assertThat(env.getProperty("compute.kubernetes.default-target")).isEqualTo("sandbox");
      assertThat(env.getProperty("compute.kubernetes.apply-mode")).isEqualTo("update");
      assertThat(sandbox.operator().delays())
          .isEqualTo(
              new OperatorDelays(
                  Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(150)));
    }
    // Closing a context must not stop the JVM-wide sandbox.
    assertThat(Sandbox.current().orElseThrow().elasticsearch().isRunning()).isTrue();
  }

  /** Against a real MySQL ({@code -Pmysql8}) Hibernate detects its dialect, as in production. */
  @Test
  void leavesTheDialectToHibernateForARealMysql() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                "sandbox.enabled=true",
                "sandbox.database.dialect=mysql",
                "sandbox.operator.head-ready-delay=200ms",
                "sandbox.operator.jupyter-ready-delay=200ms",
                "sandbox.operator.worker-ready-delay=150ms")
            .run()) {
      Environment env = context.getEnvironment();
      Sandbox sandbox = context.getBean(Sandbox.class);
      assertThat(env.getProperty("spring.datasource.url")).isEqualTo(sandbox.database().jdbcUrl());
      assertThat(env.getProperty("spring.jpa.database-platform")).isNull();
      assertThat(env.getProperty("spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access"))
          .isNull();
      assertThat(env.getProperty("compute.search.url")).isEqualTo(sandbox.elasticsearch().url());
    }
  }

  /** Two contexts asking for fresh stores: two empty databases and indices on the same servers. */
  @Test
  void freshStoresAreAnEmptyDatabaseAndIndexOfTheContextsOwn() throws Exception {
    List<String> databases = new ArrayList<>();
    List<String> indices = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (ConfigurableApplicationContext context =
          new SpringApplicationBuilder(App.class)
              .web(WebApplicationType.NONE)
              .properties("sandbox.enabled=true", "sandbox.fresh-stores=true")
              .run()) {
        Environment env = context.getEnvironment();
        Sandbox sandbox = context.getBean(Sandbox.class);
        String shared = sandbox.database().jdbcUrl();
        String url = env.getProperty("spring.datasource.url");
        // The same server and parameters, another database.
        assertThat(url).isNotEqualTo(shared);
        assertThat(url.replaceFirst("/darwin_compute_[a-z0-9]+\\?", "/darwin_compute?"))
            .isEqualTo(shared);
        try (Connection connection =
                DriverManager.getConnection(url, sandbox.database().username(), "");
            ResultSet tables =
                connection
                    .createStatement()
                    .executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables"
                            + " WHERE table_schema = DATABASE()")) {
          tables.next();
          assertThat(tables.getInt(1)).as("a new database is empty").isZero();
        }
        databases.add(url);
        indices.add(env.getProperty("compute.search.index"));
      }
    }
    assertThat(databases).doesNotHaveDuplicates();
    assertThat(indices).doesNotHaveDuplicates().allMatch(i -> i.startsWith("darwin-compute-"));
  }

  @Test
  void staysOutOfTheWayWhenNotEnabled() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run()) {
      assertThat(context.getBeansOfType(Sandbox.class)).isEmpty();
      assertThat(context.getEnvironment().getPropertySources().contains("sandbox")).isFalse();
      assertThat(context.getEnvironment().getProperty("compute.search.url")).isNull();
    }
  }
}
