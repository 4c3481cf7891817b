package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.command.CommandProperties;
import com.darwin.compute.core.history.HistoryProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The defaults pass the checks the records make of their settings (a default that did not would
 * stop every start), and a bad value bound from configuration stops the binding, naming it.
 */
class PropertiesDefaultsTest {

  private static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
  }

  private static <T> T defaults(String prefix, Class<T> type) {
    return bind(prefix, type, Map.of());
  }

  @Test
  void everyCheckedRecordTakesItsDefaults() {
    assertThat(defaults("compute.dashboards", DashboardProperties.class).host())
        .isEqualTo("localhost");
    assertThat(defaults("compute.ray", RayProperties.class).probeConcurrency()).isEqualTo(16);
    assertThat(defaults("compute.reconciler", ReconcilerProperties.class).workers()).isEqualTo(2);
    assertThat(defaults("compute.limits", ClusterLimitsProperties.class).maxCores()).isEqualTo(89);
    assertThat(defaults("compute.events.sink", EventSinkProperties.class).enabled()).isFalse();
    assertThat(defaults("compute.jobs", JobProperties.class).maxConcurrentLogDownloads())
        .isEqualTo(2);
    assertThat(defaults("compute.search", SearchProperties.class).outboxBatchSize()).isEqualTo(500);
    assertThat(defaults("compute.timeouts", TimeoutProperties.class).creation()).isPositive();
    assertThat(defaults("compute.metrics", MetricsProperties.class).refreshInterval()).isPositive();
    assertThat(defaults("compute.alerts", AlertProperties.class).retryInterval()).isPositive();
    assertThat(defaults("compute.init-script", InitScriptProperties.class).timeout()).isPositive();
    assertThat(defaults("compute.kubernetes", KubernetesProperties.class).informerResync())
        .isPositive();
    assertThat(defaults("compute.termination", TerminationProperties.class).sweepInterval())
        .isPositive();
    assertThat(defaults("compute.commands", CommandProperties.class).defaultTimeout()).isPositive();
    assertThat(defaults("compute.history", HistoryProperties.class).defaultTtl()).isEqualTo(60);
  }

  @Test
  void aBadValueFromConfigurationStopsTheBindingNamingTheSetting() {
    assertThatThrownBy(
            () ->
                bind(
                    "compute.reconciler",
                    ReconcilerProperties.class,
                    Map.of("compute.reconciler.workers", "0")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.reconciler.workers");
  }
}
