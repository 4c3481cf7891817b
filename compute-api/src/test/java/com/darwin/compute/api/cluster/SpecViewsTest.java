package com.darwin.compute.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.store.ClusterSpecCodec;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecViewsTest {

  private final ClusterSpecCodec codec = new ClusterSpecCodec();
  private final SpecViews views =
      new SpecViews(
          new InstanceRoleProperties(
              "1",
              List.of(
                  new InstanceRoleProperties.Role("1", "default-role", "default-sa"),
                  new InstanceRoleProperties.Role("2", "finance-role", "finance-sa"))));

  private ClusterRequest spec(String name, int headCores, String env, String role) {
    return codec.read(
        """
        {"cluster_name": "%s", "runtime": "0.0", "inactive_time": 30, "user": "u@example.com",
         "head_node_config": {"cores": %d, "memory": 8, "node_capacity_type": "ondemand"},
         "worker_node_configs": [{"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1,
           "max_pods": 2, "node_capacity_type": "ondemand"}],
         "advance_config": {"environment_variables": "%s", "instance_role": {"id": "%s"}}}
        """
            .formatted(name, headCores, env, role));
  }

  @Test
  void theSameSpecInstanceIsBuiltOnce() {
    ClusterRequest spec = spec("a", 4, "A=1", "2");
    SpecViews.Parts first = views.of(spec);
    assertThat(views.of(spec)).isSameAs(first);
    assertThat(first.head().headNodeCores()).isEqualTo(4);
    assertThat(first.workers()).hasSize(1);
    assertThat(first.workers().get(0).maxPods()).isEqualTo(2);
    assertThat(first.advanced(false).instanceRole().instanceRoleId()).isEqualTo("2");
    assertThat(first.advanced(false).rayStartParams().numCpusOnHead()).isZero();
  }

  @Test
  void anotherSpecNeverGetsTheseParts() {
    ClusterRequest a = spec("a", 4, "A=1", "2");
    ClusterRequest b = spec("b", 8, "B=2", "1");
    SpecViews.Parts partsOfA = views.of(a);
    SpecViews.Parts partsOfB = views.of(b);
    assertThat(partsOfB).isNotSameAs(partsOfA);
    assertThat(partsOfB.head().headNodeCores()).isEqualTo(8);
    assertThat(partsOfB.advanced(false).envVariables()).isEqualTo("B=2");
    assertThat(partsOfB.advanced(false).instanceRole().instanceRoleId()).isEqualTo("1");
    assertThat(partsOfA.advanced(false).envVariables()).isEqualTo("A=1");
  }

  @Test
  void anEqualSpecParsedAgainIsAnotherEntryWithEqualParts() {
    // Keyed by identity: the converter's cache gives one instance per JSON; a second instance of
    // the same JSON (after that cache was emptied) builds its own, equal, parts.
    ClusterRequest first = spec("a", 4, "A=1", "2");
    ClusterRequest second = spec("a", 4, "A=1", "2");
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    SpecViews.Parts parts = views.of(first);
    assertThat(views.of(second)).isNotSameAs(parts).isEqualTo(parts);
    assertThat(views.size()).isEqualTo(2);
  }

  @Test
  void credentialLookingValuesAreMaskedOnlyInTheMaskedForm() {
    ClusterRequest spec = spec("a", 4, "API_TOKEN=abc\\nPLAIN=1\\nDB_KEY=secret:db/key", "1");
    SpecViews.Parts parts = views.of(spec);
    assertThat(parts.advanced(false).envVariables())
        .isEqualTo("API_TOKEN=abc\nPLAIN=1\nDB_KEY=secret:db/key");
    assertThat(parts.advanced(true).envVariables())
        .isEqualTo("API_TOKEN=****\nPLAIN=1\nDB_KEY=secret:db/key");
    // Everything but the environment is the same in both forms.
    assertThat(parts.advanced(true).instanceRole()).isEqualTo(parts.advanced(false).instanceRole());
    assertThat(parts.advanced(true).rayStartParams())
        .isEqualTo(parts.advanced(false).rayStartParams());

    SpecViews.Parts plain = views.of(spec("b", 4, "PLAIN=1", "1"));
    assertThat(plain.advanced(true)).isSameAs(plain.advanced(false));
  }

  @Test
  void boundedToItsCapacity() {
    for (int i = 0; i < SpecViews.CAPACITY * 3 + 7; i++) {
      views.of(spec("c" + i, 4, "A=1", "1"));
      assertThat(views.size()).isLessThanOrEqualTo(SpecViews.CAPACITY);
    }
    ClusterRequest last = spec("last", 4, "A=1", "1");
    SpecViews.Parts parts = views.of(last);
    assertThat(views.of(last)).isSameAs(parts);
  }
}
