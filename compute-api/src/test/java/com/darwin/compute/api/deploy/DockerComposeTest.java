package com.darwin.compute.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docker-compose.yml}: every variable given to compute-api is one the application reads (a
 * real Spring property by Spring's own environment mapping, or one a library reads itself), and the
 * database it is pointed at is the one the MySQL service creates.
 */
class DockerComposeTest {

  /** Read by a library, not through Spring: fabric8's client finds the kubeconfig with it. */
  static final Set<String> READ_OUTSIDE_SPRING = Set.of("KUBECONFIG");

  private static final Path COMPOSE = RepositoryFiles.root().resolve("docker-compose.yml");

  @Test
  void everyVariableOfTheApplicationServiceIsAPropertyItReads() throws Exception {
    JsonNode compose = new YAMLMapper().readTree(Files.readString(COMPOSE));
    Map<String, String> environment = environment(compose.path("services").path("compute-api"));
    SpringPropertyNames known = SpringPropertyNames.load();

    assertThat(environment).isNotEmpty();
    Map<String, String> resolved = new LinkedHashMap<>();
    environment.forEach(
        (variable, value) -> {
          if (!READ_OUTSIDE_SPRING.contains(variable)) {
            resolved.put(
                variable, known.propertyOf(variable).orElse("(no property of the application)"));
          }
        });
    assertThat(resolved)
        .as("compose variable -> Spring property")
        .containsEntry("SPRING_DATASOURCE_URL", "spring.datasource.url")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "spring.datasource.username")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "spring.datasource.password")
        .containsEntry("COMPUTE_SEARCH_URL", "compute.search.url")
        .doesNotContainValue("(no property of the application)");
  }

  @Test
  void theApplicationUsesTheDatabaseAndUserTheMysqlServiceCreates() throws Exception {
    JsonNode services = new YAMLMapper().readTree(Files.readString(COMPOSE)).path("services");
    Map<String, String> app = environment(services.path("compute-api"));
    Map<String, String> mysql = environment(services.path("mysql"));

    assertThat(app.get("SPRING_DATASOURCE_URL"))
        .startsWith("jdbc:mysql://mysql:3306/")
        .endsWith("/" + mysql.get("MYSQL_DATABASE"));
    assertThat(app.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(mysql.get("MYSQL_USER"));
    assertThat(app.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(mysql.get("MYSQL_PASSWORD"));
    assertThat(app.get("COMPUTE_SEARCH_URL")).isEqualTo("http://elasticsearch:9200");
    assertThat(services.path("compute-api").path("ports").get(0).asString()).endsWith(":8000");
  }

  /** A negative control: the check does tell a misspelt variable from a real one. */
  @Test
  void aMisspeltVariableIsNotTakenForAProperty() {
    SpringPropertyNames known = SpringPropertyNames.load();
    assertThat(known.propertyOf("SPRING_DATASOURCE_URI")).isEmpty();
    assertThat(known.propertyOf("COMPUTE_SERACH_URL")).isEmpty();
    assertThat(known.propertyOf("COMPUTE_SEARCH_REQUEST_TIMEOUT"))
        .hasValue("compute.search.request-timeout");
    assertThat(known.contains("compute.kubernetes.targets.*.namespace")).isTrue();
    assertThat(known.propertyOf("COMPUTE_KUBERNETES_TARGETS_EU_NAMESPACE"))
        .hasValue("compute.kubernetes.targets.eu.namespace");
  }

  static Map<String, String> environment(JsonNode service) {
    Map<String, String> variables = new LinkedHashMap<>();
    JsonNode environment = service.path("environment");
    if (environment.isArray()) {
      for (JsonNode entry : environment) {
        String[] kv = entry.asString().split("=", 2);
        variables.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    } else {
      for (var entry : environment.properties()) {
        variables.put(entry.getKey(), entry.getValue().asString());
      }
    }
    return variables;
  }
}
