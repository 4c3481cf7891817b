package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.Sandbox;
import com.darwin.compute.sandbox.SandboxSettings;
import com.darwin.compute.sandbox.spring.SandboxEnvironmentPostProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.data.repository.Repository;

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
        .listeners(new RepositoriesMadeWhenListening())
        .run(args);
  }

  private static final AtomicReference<List<String>> madeWhenListening = new AtomicReference<>();

  /** Which repositories exist once the web server listens (deferred: none yet). */
  private static final class RepositoriesMadeWhenListening
      implements ApplicationListener<WebServerInitializedEvent> {

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
      madeWhenListening.set(madeRepositories(event.getApplicationContext()));
    }
  }

  private static List<String> repositories(ApplicationContext context) {
    return List.of(
        ((ConfigurableApplicationContext) context)
            .getBeanFactory()
            .getBeanNamesForType(Repository.class, true, false));
  }

  private static List<String> madeRepositories(ApplicationContext context) {
    ConfigurableListableBeanFactory beans =
        ((ConfigurableApplicationContext) context).getBeanFactory();
    return repositories(context).stream().filter(beans::containsSingleton).toList();
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
      // Repositories stay deferred, as without AOT: none made before the web server listened,
      // every one made before the start ended (and readiness with it).
      assertThat(repositories(context)).hasSizeGreaterThan(10);
      assertThat(madeWhenListening.get()).isEmpty();
      assertThat(madeRepositories(context)).isEqualTo(repositories(context));
      // Their declared queries parsed by Hibernate alone, as without AOT (DeclaredQueriesIT).
      assertThat(HqlGrammar.HIBERNATE.predictionStates()).isPositive();
      assertThat(HqlGrammar.SPRING_DATA.predictionStates()).isZero();

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
    // Flyway's configuration is always in the generated context; turned off, it made no table,
    // so Hibernate (ddl-auto validate) finds none and the start fails.
    assertThatThrownBy(
            () -> start("spring.datasource.url=" + url, "spring.flyway.enabled=false").close())
        .hasStackTraceContaining("Schema validation: missing table");
    try (Connection connection =
            DriverManager.getConnection(
                url, sandbox.database().username(), sandbox.database().password());
        ResultSet tables = connection.getMetaData().getTables(empty, null, "%", null)) {
      assertThat(tables.next()).as("a table in " + empty).isFalse();
    }
  }
}
