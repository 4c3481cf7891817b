package com.darwin.compute.core.manifest;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.kube.apply.ObjectHash;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.KubeRayRules;
import com.darwin.compute.core.render.RayClusterRenderer;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.RuleViolation;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one way a cluster becomes Kubernetes objects, shared by the reconciler (what is applied), the
 * manifest endpoints (what is shown) and request validation (what is checked), so the three can
 * never disagree.
 */
@Component
public class ClusterManifests {

  private final RayClusterRenderer renderer;
  private final KubeRayRules rules;
  private final DashboardUrls dashboards;
  private final RuntimeProperties runtimes;

  public ClusterManifests(
      RenderSettings settings, DashboardUrls dashboards, RuntimeProperties runtimes) {
    this.renderer = new RayClusterRenderer(settings);
    this.rules = new KubeRayRules(settings.gpu().resourceName());
    this.dashboards = dashboards;
    this.runtimes = runtimes;
  }

  /**
   * What pods of a runtime run on a target: its image, Ray version, Spark flags, and its image pull
   * secret or else the target's default one.
   */
  public RenderInput.RuntimeImage runtimeImage(RuntimeEntity runtime, String cloudEnv) {
    return new RenderInput.RuntimeImage(
        runtime.getImage(),
        runtime.getRayVersion(),
        runtimes.imagePullSecret(runtime.getImagePullSecret(), cloudEnv),
        runtime.isSparkConnect(),
        runtime.isSparkAutoInit());
  }

  /** What a cluster renders to on a runtime of the catalogue. */
  public RenderedCluster render(
      String clusterId,
      ClusterRequest spec,
      String owner,
      String cloudEnv,
      String namespace,
      RuntimeEntity runtime) {
    return render(clusterId, spec, owner, cloudEnv, namespace, runtimeImage(runtime, cloudEnv));
  }

  /** What a cluster renders to. */
  public RenderedCluster render(
      String clusterId,
      ClusterRequest spec,
      String owner,
      String cloudEnv,
      String namespace,
      RenderInput.RuntimeImage runtime) {
    return renderer.render(
        new RenderInput(
            clusterId,
            spec,
            runtime,
            namespace,
            owner,
            cloudEnv,
            dashboards.jupyterBasePath(clusterId, cloudEnv, namespace),
            dashboards.sparkUiBasePath(clusterId, cloudEnv, namespace)));
  }

  /** KubeRay's and Kubernetes' rules the rendered cluster breaks, if any. */
  public List<RuleViolation> check(RenderedCluster rendered) {
    return rules.check(rendered);
  }

  /**
   * The objects exactly as the reconciler applies them: the RayCluster stamped with its spec hash
   * and {@code annotations} (the restart generation), the ConfigMaps owned by the live RayCluster
   * when there is one. Owned, they are garbage-collected with it (stop, restart, delete); when the
   * RayCluster is to be created, {@code ClusterObjects} creates it first and then the ConfigMaps
   * owned by it. The workspace claims are never owned. No {@code blockOwnerDeletion}: it would need
   * update rights on the RayCluster's finalizers, and nothing waits on these.
   */
  public RenderedCluster forApply(
      RenderedCluster rendered,
      Map<String, String> annotations,
      GenericKubernetesResource liveRayCluster) {
    ObjectHash.stamp(ObjectKind.RAY_CLUSTER, rendered.rayCluster(), annotations);
    ownDependents(rendered, liveRayCluster);
    return rendered;
  }

  /**
   * Makes the live RayCluster (if any, with its uid) the owner of the rendered ConfigMaps and
   * NetworkPolicies, so Kubernetes collects them with it.
   */
  public static void ownDependents(
      RenderedCluster rendered, GenericKubernetesResource liveRayCluster) {
    if (liveRayCluster == null || liveRayCluster.getMetadata().getUid() == null) {
      return;
    }
    List<HasMetadata> dependents = new ArrayList<>(rendered.configMaps());
    dependents.addAll(rendered.networkPolicies());
    for (HasMetadata dependent : dependents) {
      dependent
          .getMetadata()
          .setOwnerReferences(
              List.of(
                  new OwnerReferenceBuilder()
                      .withApiVersion(rendered.rayCluster().getApiVersion())
                      .withKind(rendered.rayCluster().getKind())
                      .withName(liveRayCluster.getMetadata().getName())
                      .withUid(liveRayCluster.getMetadata().getUid())
                      .build()));
    }
  }
}
