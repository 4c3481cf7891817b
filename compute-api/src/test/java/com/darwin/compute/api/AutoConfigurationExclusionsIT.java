package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;

/**
 * The auto-configurations application.yml excludes (start-up work for features the service does not
 * have) are not needed by any feature the README lists: every Actuator endpoint and the meters it
 * names answer, health lists exactly its components, and the names excluded still exist (a renamed
 * one after an upgrade would silently come back).
 */
class AutoConfigurationExclusionsIT extends ApiIntegrationTest {

  private static final String ADMIN = Api.as("admin@example.com");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired ConfigurableApplicationContext context;

  @Test
  void theExcludedAutoConfigurationsExistAndAreExcluded() {
    List<String> configured =
        Binder.get(context.getEnvironment())
            .bind("spring.autoconfigure.exclude", String[].class)
            .map(List::of)
            .orElse(List.of());
    assertThat(configured).isNotEmpty();
    for (String name : configured) {
      assertThat(ClassUtils.isPresent(name, getClass().getClassLoader()))
          .as("%s is on the class path (renamed by an upgrade?)", name)
          .isTrue();
    }
    ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
    assertThat(report.getExclusions()).containsExactlyInAnyOrderElementsOf(configured);
  }

  @Test
  void everyActuatorEndpointAndMeterTheReadmeListsAnswers() throws Exception {
    Api.Response index = api.get("/actuator", ADMIN);
    assertThat(index.status()).isEqualTo(200);
    List<String> links = new ArrayList<>();
    index.body().get("_links").propertyNames().forEach(links::add);
    assertThat(links).contains("health", "info", "prometheus");
    assertThat(api.get("/actuator/info", ADMIN).status()).isEqualTo(200);

    // "Plus the JVM, Hikari pool, Tomcat and process meters Spring Boot adds", and per route.
    api.get("/get-runtimes");
    HttpResponse<String> scrape =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/actuator/prometheus"))
                .header("msd-user", ADMIN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains(
            "jvm_memory_used_bytes",
            "hikaricp_connections_active",
            "tomcat_sessions_active_current_sessions",
            "process_cpu_usage",
            "http_server_requests_seconds_count",
            "application=\"darwin-compute\"");

    // Health: what README "Operating it" lists, and nothing of what was excluded (disk, SSL).
    JsonNode health = api.get("/actuator/health", ADMIN).body();
    List<String> components = new ArrayList<>();
    health.get("components").propertyNames().forEach(components::add);
    assertThat(components)
        .contains("db", "elasticsearch", "kubernetes", "livenessState", "readinessState")
        .doesNotContain("diskSpace", "ssl");
  }
}
