package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.core.config.DeferredRepositoriesConfiguration;
import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.Sandbox;
import com.darwin.compute.sandbox.SandboxSettings;
import com.darwin.compute.sandbox.spring.SandboxEnvironmentPostProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;

/**
 * The service as the image starts it: from Spring AOT's generated context ({@code
 * -Dspring.aot.enabled=true}), built by compute-api's {@code process-aot} before the tests, with
 * the sandbox outside the context (it is not in the image) and the production security mode. A JVM
 * of its own: the AOT switch is a JVM-wide system property.
 */
class AotModeIsolatedIT {

  private static Sandbox sandbox;

  @BeforeAll
  static void aotMode() {
    sandbox =
        Sandbox.get(
            SandboxSettings.defaults()
                .withOperatorDelays(OperatorDelays.uniform(Duration.ofMillis(400))));
    System.setProperty("spring.aot.enabled", "true");
  }

  @AfterAll
  static void plainMode() {
    System.clearProperty("spring.aot.enabled");
  }

  private static ConfigurableApplicationContext start(String... extra) {
    // One argument per name: Boot joins a name given twice on the command line with a comma.
    Map<String, Object> properties =
        new LinkedHashMap<>(SandboxEnvironmentPostProcessor.properties(sandbox));
    properties.put("server.port", "0");
    properties.put("compute.security.mode", "header");
    properties.put("compute.security.header.trusted-proxies", "127.0.0.1/32");
    properties.put("compute.reconciler.instance-id", "aot");
    properties.put("compute.reconciler.resync-interval", "2s");
    properties.put("spring.main.banner-mode", "off");
    for (String property : extra) {
      int equals = property.indexOf('=');
      properties.put(property.substring(0, equals), property.substring(equals + 1));
    }
    String[] args =
        properties.entrySet().stream()
            .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
    // main(): Boot finds the generated initializer by the main class's name.
    return new SpringApplicationBuilder(ComputeApplication.class)
        .main(ComputeApplication.class)
        .run(args);
  }

  @Test
  void theGeneratedContextServesAClusterFromCreateToActive() {
    try (ConfigurableApplicationContext context = start()) {
      // Started from generated code: no configuration class was parsed (the processor that does
      // it is registered by every annotation-config start, and by none from AOT).
      assertThat(
              context
                  .getBeanFactory()
                  .containsBeanDefinition(
                      AnnotationConfigUtils.CONFIGURATION_ANNOTATION_PROCESSOR_BEAN_NAME))
          .isFalse();
      assertThat(context.getBeanNamesForType(Sandbox.class)).isEmpty();
      // Repositories stay deferred (made once the web server listens), as without AOT.
      assertThat(
              ((DefaultListableBeanFactory) context.getBeanFactory())
                  .getAutowireCandidateResolver())
          .isInstanceOf(DeferredRepositoriesConfiguration.LazyRepositoryInjection.class);

      Api api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
      Api.Response created = api.post("/cluster", ClusterRequests.quickStart("aot-mode"), Api.USER);
      assertThat(created.status()).as(created.raw()).isEqualTo(200);
      String id = created.data().get("cluster_id").asString();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  api.get("/cluster/" + id + "/metadata")
                      .data()
                      .get("status")
                      .asString()
                      .equals("active"));
      // Migrations ran (Flyway made the schema of a fresh database), scheduled jobs run (the
      // search outbox drained into Elasticsearch).
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          api.post("/cluster/search", "{\"query\": \"aot-mode\"}", Api.USER).raw())
                      .contains(id));
      assertThat(api.get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void aSettingFixedAtBuildStopsTheStartNamingIt() {
    assertThatThrownBy(() -> start("management.tracing.export.enabled=true").close())
        .hasStackTraceContaining("management.tracing.export.enabled is 'true', built with 'false'")
        .hasStackTraceContaining("SPRING_AOT_ENABLED=false");
  }

  @Test
  void flywayTurnedOffAtStartUpMigratesNothing() throws Exception {
    String empty = "aot_no_migrations_" + Long.toString(System.nanoTime(), 36);
    String url = sandbox.database().jdbcUrl().replaceFirst("/darwin_compute\\?", "/" + empty + "?");
    assertThat(url).contains(empty).contains("createDatabaseIfNotExist=true");
    // Hibernate then finds no tables (ddl-auto validate), so the start may well fail; what counts
    // is that Flyway, whose configuration the generated context always has, made none.
    try (ConfigurableApplicationContext context =
        start("spring.datasource.url=" + url, "spring.flyway.enabled=false")) {
      assertThat(context.isActive()).isTrue();
    } catch (RuntimeException expected) {
      // The schema Hibernate validates is not there.
    }
    try (Connection connection =
            DriverManager.getConnection(
                url, sandbox.database().username(), sandbox.database().password());
        ResultSet tables = connection.getMetaData().getTables(empty, null, "%", null)) {
      assertThat(tables.next()).as("a table in " + empty).isFalse();
    }
  }
}
