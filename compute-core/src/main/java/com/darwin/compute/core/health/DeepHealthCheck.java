package com.darwin.compute.core.health;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.search.SearchPing;
import com.darwin.compute.model.catalogue.DeepHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What {@code GET /health/deep} pings: MySQL, Elasticsearch and each Kubernetes target, once each.
 * For operators and external monitors; the liveness probe stays {@code /health}, which depends on
 * nothing. Running the probes (at once, each against a deadline) is the web layer's.
 */
@Component
public class DeepHealthCheck {

  /**
   * What a probe checks, which decides its deadline and which of the answer's verdicts it joins.
   */
  public enum Part {
    /** MySQL: {@code compute}, the database deadline. */
    DATABASE,
    /** Elasticsearch: {@code compute}, the dependency deadline. */
    SEARCH,
    /** A Kubernetes target: {@code dcm}, the dependency deadline. */
    KUBERNETES
  }

  /** One dependency's ping: it answers, or throws why not. */
  @FunctionalInterface
  public interface Ping {
    void run() throws Exception;
  }

  /** A probe under its name in the answer's {@code checks}. */
  public record Probe(String name, Part part, Ping ping) {}

  private final JdbcTemplate jdbc;
  private final SearchPing search;
  private final KubernetesTargets targets;

  public DeepHealthCheck(DataSource dataSource, SearchPing search, KubernetesTargets targets) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setQueryTimeout(2);
    this.search = search;
    this.targets = targets;
  }

  /** The probes, in the order the answer lists them. */
  public List<Probe> probes() {
    List<Probe> probes = new ArrayList<>();
    probes.add(
        new Probe("mysql", Part.DATABASE, () -> jdbc.queryForObject("SELECT 1", Integer.class)));
    probes.add(new Probe("elasticsearch", Part.SEARCH, search::ping));
    for (KubernetesTarget target : targets.all()) {
      probes.add(
          new Probe(
              "kubernetes." + target.name(),
              Part.KUBERNETES,
              () -> target.client().getKubernetesVersion()));
    }
    return probes;
  }

  /** The failure a probe's answer reads as: {@code FAILURE: } and why. */
  public static String failure(String why) {
    return DeepHealth.FAILURE + ": " + why;
  }

  /**
   * The answer from each probe's result ({@link DeepHealth#SUCCESS} or a {@link #failure}), keyed
   * by probe name in the probes' order: {@code compute} fails with a store, {@code dcm} with a
   * Kubernetes target.
   */
  public static DeepHealth summarize(List<Probe> probes, Map<String, String> results) {
    boolean storesUp = true;
    boolean kubernetesUp = true;
    for (Probe probe : probes) {
      boolean up = DeepHealth.SUCCESS.equals(results.get(probe.name()));
      if (probe.part() == Part.KUBERNETES) {
        kubernetesUp &= up;
      } else {
        storesUp &= up;
      }
    }
    return new DeepHealth(
        storesUp ? DeepHealth.SUCCESS : DeepHealth.FAILURE,
        kubernetesUp ? DeepHealth.SUCCESS : DeepHealth.FAILURE,
        results);
  }
}
