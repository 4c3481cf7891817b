package com.darwin.compute.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.CostProperties;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.validation.ClusterRequestValidator;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.cost.ClusterCost;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a cluster's runs cost when the price catalogue cannot price all of its pods. */
class ClusterCostServiceTest {

  @Test
  void podsTheCatalogueCannotPriceAreNamedNotCountedSilently() {
    // One CPU shape and no GPU shape: a GPU worker group the clusters' catalogue offers has no
    // price.
    CostEstimator estimator =
        new CostEstimator(
            new PriceCatalog(
                new CostProperties(
                    List.of(
                        new CostProperties.CpuShape(
                            "m5.xlarge", 4, 16, new BigDecimal("0.2"), null)),
                    List.of(),
                    new BigDecimal("0.35"),
                    BigDecimal.ONE)));
    ClusterRequest spec =
        new ClusterRequest(
            "gpu-cluster",
            List.of(),
            null,
            "0.0",
            30,
            null,
            new HeadNodeConfig(4, 8, null, null, CapacityType.ONDEMAND, null),
            List.of(
                new WorkerNodeConfig(
                    null,
                    null,
                    1,
                    2,
                    null,
                    null,
                    CapacityType.ONDEMAND,
                    new GpuPodConfig("NVIDIA T4", 6, 26, 1, 16, "GDDR6"))),
            null,
            "ann@example.com",
            false,
            false,
            "sandbox",
            null,
            null);
    ClusterEntity cluster = mock(ClusterEntity.class);
    when(cluster.getSpec()).thenReturn(spec);
    ClusterRepository clusters = mock(ClusterRepository.class);
    when(clusters.findById("id-gpu")).thenReturn(Optional.of(cluster));
    ClusterActionRepository actions = mock(ClusterActionRepository.class);
    when(actions.runSpans(anyString(), anyString(), any())).thenReturn(List.of());
    ClusterCostService costs =
        new ClusterCostService(
            estimator, mock(ClusterRequestValidator.class), clusters, actions, Clock.systemUTC());

    ClusterCost cost = costs.accrued("id-gpu");

    // The head is priced; the GPU group is named, so the figures are known to be short of it.
    assertThat(cost.hourly().minCost()).isEqualTo(0.2);
    assertThat(cost.unpriced())
        .extracting(FieldError::field)
        .containsExactly("worker_node_configs[0]");
  }
}
