package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.history.HistoryServerObserver;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.reconcile.ClusterReconciler;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The order the long-running parts stop in, against the web server's own phases as this Spring Boot
 * has them: higher phases stop first, and what acts on the requests' work must stop after the web
 * server has drained them.
 */
class LifecycleOrderIT extends ApiIntegrationTest {

  @Autowired ApplicationContext context;

  private int phaseOf(String simpleClassName) {
    Map<String, SmartLifecycle> all = context.getBeansOfType(SmartLifecycle.class);
    return all.values().stream()
        .filter(bean -> bean.getClass().getSimpleName().equals(simpleClassName))
        .mapToInt(SmartLifecycle::getPhase)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + simpleClassName + " among " + all.keySet()));
  }

  @Test
  void whatActsOnRequestsAndJobsStopsAfterTheyEndedAndTheWatchesLast() {
    int drain = phaseOf("WebServerGracefulShutdownLifecycle");
    int webServer = phaseOf("WebServerStartStopLifecycle");
    // They wait for the scheduled jobs running (the sweep, the expiries, the outbox) to end.
    int scheduler = context.getBean("taskScheduler", SmartLifecycle.class).getPhase();
    int executor = context.getBean("applicationTaskExecutor", SmartLifecycle.class).getPhase();
    int reconciler = context.getBean(ClusterReconciler.class).getPhase();
    int historyObserver = context.getBean(HistoryServerObserver.class).getPhase();
    int watches = context.getBean(ClusterObserver.class).getPhase();

    for (int actor : new int[] {reconciler, historyObserver}) {
      assertThat(actor)
          .isLessThan(drain)
          .isLessThan(webServer)
          .isLessThan(scheduler)
          .isLessThan(executor);
    }
    assertThat(watches).isLessThan(reconciler).isLessThan(historyObserver);
  }
}
