package com.darwin.compute.core.health;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.search.SearchPing;
import com.darwin.compute.model.catalogue.DeepHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Pings every dependency once: MySQL, Elasticsearch and each Kubernetes target. For operators and
 * external monitors; the liveness probe stays {@code /health}, which depends on nothing.
 */
@Component
public class DeepHealthCheck {

  private final JdbcTemplate jdbc;
  private final SearchPing search;
  private final KubernetesTargets targets;

  public DeepHealthCheck(DataSource dataSource, SearchPing search, KubernetesTargets targets) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setQueryTimeout(2);
    this.search = search;
    this.targets = targets;
  }

  public DeepHealth check() {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("mysql", probe(() -> jdbc.queryForObject("SELECT 1", Integer.class)));
    checks.put(
        "elasticsearch",
        probe(
            () -> {
              search.ping();
              return null;
            }));
    boolean kubernetesUp = true;
    for (KubernetesTarget target : targets.all()) {
      String result = probe(() -> target.client().getKubernetesVersion());
      checks.put("kubernetes." + target.name(), result);
      kubernetesUp &= DeepHealth.SUCCESS.equals(result);
    }
    boolean storesUp =
        DeepHealth.SUCCESS.equals(checks.get("mysql"))
            && DeepHealth.SUCCESS.equals(checks.get("elasticsearch"));
    return new DeepHealth(
        storesUp ? DeepHealth.SUCCESS : DeepHealth.FAILURE,
        kubernetesUp ? DeepHealth.SUCCESS : DeepHealth.FAILURE,
        checks);
  }

  private interface Probe {
    Object run() throws Exception;
  }

  private static String probe(Probe probe) {
    try {
      probe.run();
      return DeepHealth.SUCCESS;
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return DeepHealth.FAILURE + ": " + message;
    }
  }
}
