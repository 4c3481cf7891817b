package com.darwin.compute.core.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.render.WorkspaceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class JupyterPodPropertiesTest {

  private static JupyterPodProperties backoff(Duration first, Duration max) {
    return properties(true, first, max);
  }

  /** Properties as configured by default, but for whether the pool is on and its backoff. */
  static JupyterPodProperties properties(boolean enabled, Duration first, Duration max) {
    return new JupyterPodProperties(
        enabled,
        null,
        1,
        Map.of(),
        "image",
        null,
        "2",
        "4Gi",
        8888,
        "workspace-shared",
        Duration.ofSeconds(10),
        6,
        List.of(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        3,
        Duration.ofSeconds(2),
        8,
        first,
        max,
        Duration.ofMinutes(1),
        Duration.ofSeconds(6),
        "http://{name}");
  }

  /** The first failure waits the shortest; each further one in a row twice the last, up to max. */
  @Test
  void aTargetWaitsTwiceAsLongAfterEachFailureInARowUpToTheMaximum() {
    JupyterPodProperties properties = backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));
    assertThat(properties.failureBackoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.failureBackoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.failureBackoff(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(properties.failureBackoff(7)).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.failureBackoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
  }

  private static WorkspaceProperties workspaces(boolean enabled) {
    return new WorkspaceProperties(
        enabled,
        "/home/ray/fsx",
        WorkspaceSettings.ClaimScope.OWNER,
        "project",
        "workspace",
        true,
        null,
        DataSize.ofGigabytes(100),
        List.of("ReadWriteMany"),
        "workspace",
        "shared");
  }

  @Test
  void podsMountTheWorkspaceClaimOnlyWhileWorkspacesAreOn() {
    JupyterPodProperties properties = backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));
    JupyterPodConfiguration configuration = new JupyterPodConfiguration();
    RuntimeProperties runtimes = new RuntimeProperties(null, true, null, null, null);
    assertThat(
            configuration
                .jupyterPodSettings(properties, workspaces(true), runtimes)
                .workspaceClaim())
        .isEqualTo("workspace-shared");
    // A platform without shared storage: clusters mount none, and neither do Jupyter pods.
    assertThat(
            configuration
                .jupyterPodSettings(properties, workspaces(false), runtimes)
                .workspaceClaim())
        .isNull();
  }

  @Test
  void theDefaultImageComesFromTheRegistryTheRuntimesWerePushedTo() {
    JupyterPodProperties properties =
        new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source
                    .MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("compute.jupyter-pods", JupyterPodProperties.class);
    assertThat(properties.image()).startsWith(RuntimeProperties.BUILT_AT + "/");
    RuntimeProperties pushed =
        new RuntimeProperties(null, true, null, null, "registry.example.com/ml");
    assertThat(
            new JupyterPodConfiguration()
                .jupyterPodSettings(properties, workspaces(true), pushed)
                .image())
        .isEqualTo(
            "registry.example.com/ml"
                + properties.image().substring(RuntimeProperties.BUILT_AT.length()));
  }

  @Test
  void aMaximumShorterThanTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> backoff(Duration.ofMinutes(1), Duration.ofSeconds(10)))
        .hasMessageContaining("max-failure-backoff");
    assertThatThrownBy(() -> backoff(Duration.ofSeconds(-1), Duration.ofSeconds(10)))
        .hasMessageContaining("failure-backoff");
  }
}
