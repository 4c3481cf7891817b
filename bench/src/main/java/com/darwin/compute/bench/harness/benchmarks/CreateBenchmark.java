package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ServiceApi;
import com.darwin.compute.bench.harness.fixtures.ClusterBodies;
import com.darwin.compute.bench.harness.fixtures.ClusterRows;
import com.darwin.compute.bench.harness.kube.KubernetesRequestLog;
import com.darwin.compute.bench.harness.kube.RayClusterArrivals;
import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.load.Operation;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.LatencyFigure;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.sandbox.MockKubernetesApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * B2: creating and starting a cluster through the API until its RayCluster exists in the Kubernetes
 * API, against the two writes that cannot be avoided: inserting its row with plain JDBC and
 * creating an equivalent RayCluster with a plain fabric8 call on the same mock API.
 */
public final class CreateBenchmark implements Benchmark {

  static final double GOAL = 1.5;
  private static final String FLOOR = "JDBC insert + fabric8 create";
  private static final String FLOOR_LABEL = "bench.darwin.io/floor";
  private static final long ARRIVAL_TIMEOUT_MILLIS = 30_000;

  @Override
  public String id() {
    return "B2";
  }

  @Override
  public String title() {
    return "POST /cluster (start) until the RayCluster exists";
  }

  @Override
  public String against() {
    return "Service: `POST /cluster` with the README's Quick Start body (head + one autoscaling"
        + " worker group, `start_cluster: true`), timed until the response has come back *and* a"
        + " watch on RayClusters has seen the new one (the service creates it from its reconciler,"
        + " after the commit). Floor: one `INSERT` of an equivalent `clusters` row with plain JDBC"
        + " through the service's pool, then one fabric8 `create` of the RayCluster the service"
        + " rendered for the same request (renamed, without the labels that would make the"
        + " service's informers take it for one of its own) on the same mock API, timed until the"
        + " same watch has seen it. One at a time; the simulated operator runs for both sides.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    ServiceApi api = context.api();
    DataSource pool = context.dataSource();
    ClusterRows rows = context.rows();
    Comparison.Load load = context.settings().b2();
    List<String> serviceClusters = new CopyOnWriteArrayList<>();

    try (KubernetesClient client = context.sandbox().kubernetes().newClient();
        RayClusterArrivals arrivals = new RayClusterArrivals(client, MockKubernetesApi.NAMESPACE)) {
      // The RayCluster the service renders for this request: the floor creates copies of it.
      String templateId = create(api, "bench-create-template", arrivals);
      serviceClusters.add(templateId);
      GenericKubernetesResource rendered =
          RayClusterKind.in(client)
              .inNamespace(MockKubernetesApi.NAMESPACE)
              .withName(ResourceNames.rayCluster(templateId))
              .get();
      int total = load.warmupOperations() + load.rounds() * load.operationsPerRound();
      List<FloorCreate> floorCreates = prepareFloor(rows, client, rendered, total);

      // The POST's own answer time, apart from the RayCluster's arrival (measured creates only).
      Histogram answered = new Histogram(60_000_000_000L, 3);
      Operation service =
          index -> {
            long begin = System.nanoTime();
            String id =
                api.postJson(
                        "/cluster", ClusterBodies.quickStart("bench-create-" + index, true), 200)
                    .get("data")
                    .get("cluster_id")
                    .asString();
            if (index >= load.warmupOperations()) {
              synchronized (answered) {
                answered.recordValue(System.nanoTime() - begin);
              }
            }
            serviceClusters.add(id);
            arrivals.await(ResourceNames.rayCluster(id), ARRIVAL_TIMEOUT_MILLIS);
          };
      Operation floor =
          index -> {
            FloorCreate f = floorCreates.get(index);
            try (Connection connection = pool.getConnection()) {
              rows.insertOne(connection, f.clusterId(), f.name(), f.spec());
            }
            RayClusterKind.in(client)
                .inNamespace(MockKubernetesApi.NAMESPACE)
                .resource(f.rayCluster())
                .create();
            arrivals.await(f.rayCluster().getMetadata().getName(), ARRIVAL_TIMEOUT_MILLIS);
          };

      KubernetesRequestLog requests = context.kubernetesRequests();
      requests.openWindow();
      Comparison.Result result = Comparison.run(load, service, floor);
      KubernetesRequestLog.Counts counts = requests.closeWindow();

      int retriedStops = cleanUp(api, client, serviceClusters);

      String subject = "POST /cluster + start until the RayCluster exists — vs " + FLOOR;
      List<String> details = new ArrayList<>();
      details.add(ComparisonRows.counts("Create and start", result));
      details.add(
          String.format(
              Locale.ROOT,
              "Of the service's time, the `POST /cluster` answer alone: p50 %s ms, p99 %s ms; the"
                  + " rest is the reconciler picking the change up after the commit and applying.",
              Quantity.number(answered.getValueAtPercentile(50) / 1e6),
              Quantity.number(answered.getValueAtPercentile(99) / 1e6)));
      details.add(
          String.format(
              Locale.ROOT,
              "Kubernetes API requests sent by the service during the %d creates (warm-up"
                  + " included): %,d, %.1f per create (the floor sends 1): %s.",
              total,
              counts.service(),
              counts.service() / (double) total,
              counts.serviceByKind()));
      details.add(
          String.format(
              Locale.ROOT,
              "Clean-up: %d of the %d stops right after these creates answered 409 (concurrent"
                  + " change: the stop raced the reconciler writing the cluster's status) and"
                  + " were sent again.",
              retriedStops,
              serviceClusters.size()));
      System.out.printf(
          Locale.ROOT,
          "  create: p50 %.1f ms vs %.1f ms%n",
          result.service().p50Millis(),
          result.floor().p50Millis());
      return new BenchmarkResult(
          ComparisonRows.of(id(), subject, result, GOAL, false),
          List.of(
              new LatencyFigure(
                  "B2 POST /cluster + start until the RayCluster exists",
                  result.service(),
                  result.floor(),
                  FLOOR)),
          details);
    }
  }

  /** Creates and starts a cluster; returns once the API answered and its RayCluster exists. */
  private static String create(ServiceApi api, String name, RayClusterArrivals arrivals)
      throws Exception {
    String id =
        api.postJson("/cluster", ClusterBodies.quickStart(name, true), 200)
            .get("data")
            .get("cluster_id")
            .asString();
    arrivals.await(ResourceNames.rayCluster(id), ARRIVAL_TIMEOUT_MILLIS);
    return id;
  }

  private record FloorCreate(
      String clusterId, String name, String spec, GenericKubernetesResource rayCluster) {}

  /** Everything the floor writes, made before timing starts. */
  private static List<FloorCreate> prepareFloor(
      ClusterRows rows, KubernetesClient client, GenericKubernetesResource rendered, int count) {
    KubernetesSerialization serialization = client.getKubernetesSerialization();
    String json = serialization.asJson(rendered);
    List<FloorCreate> creates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = String.format("bench-floor-%05d", i);
      GenericKubernetesResource copy =
          serialization.unmarshal(json, GenericKubernetesResource.class);
      Map<String, String> labels = withoutOwnership(rendered.getMetadata().getLabels());
      labels.put(FLOOR_LABEL, "true");
      copy.setMetadata(
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(MockKubernetesApi.NAMESPACE)
              .withLabels(labels)
              .withAnnotations(rendered.getMetadata().getAnnotations())
              .build());
      copy.getAdditionalProperties().remove("status");
      stripPodTemplateOwnership(copy);
      creates.add(new FloorCreate(rows.newClusterId(), name, rows.specNamed(name), copy));
    }
    return creates;
  }

  /**
   * The labels by which the service's informers pick up objects as its own: the floor's RayCluster
   * and the pods the simulator makes from it must not wake the service's reconciler.
   */
  private static Map<String, String> withoutOwnership(Map<String, String> labels) {
    Map<String, String> kept = new HashMap<>(labels == null ? Map.of() : labels);
    kept.remove(ResourceNames.MANAGED_BY_LABEL);
    kept.remove(ResourceNames.CLUSTER_ID_LABEL);
    return kept;
  }

  @SuppressWarnings("unchecked")
  private static void stripPodTemplateOwnership(GenericKubernetesResource rayCluster) {
    Map<String, Object> spec =
        (Map<String, Object>) rayCluster.getAdditionalProperties().get("spec");
    List<Object> groups = new ArrayList<>();
    groups.add(spec.get("headGroupSpec"));
    if (spec.get("workerGroupSpecs") instanceof List<?> workers) {
      groups.addAll(workers);
    }
    for (Object group : groups) {
      if (group instanceof Map<?, ?> g
          && g.get("template") instanceof Map<?, ?> template
          && template.get("metadata") instanceof Map<?, ?> metadata
          && metadata.get("labels") instanceof Map<?, ?> labels) {
        ((Map<String, Object>) metadata)
            .put("labels", withoutOwnership((Map<String, String>) labels));
      }
    }
  }

  /**
   * Stops a cluster, again when the stop raced the reconciler writing the cluster's status (409
   * concurrent change, which the SDK also retries). Clean-up, not measured.
   */
  private static int stop(ServiceApi api, String clusterId) throws Exception {
    for (int conflicts = 0; ; conflicts++) {
      try {
        api.post("/cluster/stop-cluster/" + clusterId, "", 202);
        return conflicts;
      } catch (ServiceApi.UnexpectedStatus e) {
        if (!e.isConcurrentChange() || conflicts == 9) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Stops what the service created and deletes the floor's RayClusters, then waits for quiet.
   *
   * @return how many stops had to be sent again
   */
  private static int cleanUp(ServiceApi api, KubernetesClient client, List<String> clusters)
      throws Exception {
    int retried = 0;
    for (String id : clusters) {
      retried += stop(api, id) > 0 ? 1 : 0;
    }
    RayClusterKind.in(client)
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .withLabel(FLOOR_LABEL, "true")
        .delete();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!RayClusterKind.in(client)
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .list()
        .getItems()
        .isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("B2's RayClusters were not gone within 60 s");
      }
      Thread.sleep(200);
    }
    return retried;
  }
}
