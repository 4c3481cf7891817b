package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.ClusterNetworkProperties;
import com.darwin.compute.core.config.JupyterProperties;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectHash;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.WorkspaceClaims;
import com.darwin.compute.core.render.WorkspaceSettings;
import com.darwin.compute.core.render.jupyter.HeadJupyterAccessPolicy;
import com.darwin.compute.core.render.jupyter.JupyterPodInput;
import com.darwin.compute.core.render.jupyter.JupyterPodRenderer;
import com.darwin.compute.core.render.jupyter.JupyterPodSettings;
import com.darwin.compute.core.render.jupyter.RenderedJupyterPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a Jupyter pod's objects exist as rendered, or go away, through the one {@link
 * ObjectApplier}: the Deployment first (its live copy from the watch cache), then the Service and
 * NetworkPolicy it owns.
 */
@Component
public class JupyterPodDeployer {

  private static final Logger log = LoggerFactory.getLogger(JupyterPodDeployer.class);

  /** The workspace label of the claim every Jupyter pod mounts: no one owner's or project's. */
  static final String SHARED_SCOPE = "shared";

  private final KubernetesTargets targets;
  private final ObjectApplier applier;
  private final JupyterPodObserver observer;
  private final JupyterPodSettings settings;
  private final WorkspaceSettings workspace;
  private final int headJupyterPort;
  private final boolean clustersIsolated;
  private final Map<String, String> podSettings = new ConcurrentHashMap<>();

  JupyterPodDeployer(
      KubernetesTargets targets,
      ObjectApplier applier,
      JupyterPodObserver observer,
      JupyterPodSettings settings,
      RenderSettings render,
      JupyterProperties headJupyter,
      ClusterNetworkProperties network) {
    this.targets = targets;
    this.applier = applier;
    this.observer = observer;
    this.settings = settings;
    this.workspace = render.workspace();
    this.headJupyterPort = headJupyter.port();
    this.clustersIsolated = network.isolation();
  }

  /**
   * Applies the target's policy that closes the Jupyter port of every cluster's head pod to all but
   * the configured peers (no request when this replica applied the same one before, unless {@code
   * recheck}).
   *
   * @param recheck read the policy even when this replica applied the same content: the watch no
   *     longer sees it (deleted behind the control plane's back)
   */
  public ApplyResult applyHeadAccessPolicy(String targetName, boolean recheck) {
    KubernetesTarget target = targets.get(targetName);
    return applier.applyUncached(
        target,
        ObjectKind.NETWORK_POLICY,
        HeadJupyterAccessPolicy.render(
            target.namespace(), headJupyterPort, settings, clustersIsolated),
        recheck);
  }

  /**
   * Applies the pod's objects.
   *
   * @param recheck read the owned objects even when this replica applied the same content, to
   *     repair ones deleted behind the control plane's back
   * @return what was done to the Deployment
   */
  public ApplyResult apply(JupyterPodEntity pod, boolean recheck) {
    KubernetesTarget target = targets.get(pod.getCloudEnv());
    return apply(pod, recheck, target, observer.deployment(target.name(), pod.getName()));
  }

  /**
   * Applies the pod's objects (rechecking them) over its Deployment as the API server has it now,
   * not as the watch last saw it: right after another apply, the watch may not have seen that yet.
   */
  public ApplyResult applyOverCurrent(JupyterPodEntity pod) {
    KubernetesTarget target = targets.get(pod.getCloudEnv());
    return apply(pod, true, target, deploymentNow(target, pod));
  }

  private Deployment deploymentNow(KubernetesTarget target, JupyterPodEntity pod) {
    return applier.current(target, ObjectKind.DEPLOYMENT, pod.getNamespace(), pod.getName());
  }

  private ApplyResult apply(
      JupyterPodEntity pod, boolean recheck, KubernetesTarget target, Deployment live) {
    Integer liveGeneration = live == null ? null : generationOf(live);
    if (liveGeneration != null && liveGeneration > pod.getRestarts()) {
      // Restarted since this row was read, and that newer generation is applied: applying this
      // one would roll the pod back (restart generations only grow).
      log.info(
          "Jupyter pod {}: generation {} is applied, not applying the older {}",
          pod.getName(),
          liveGeneration,
          pod.getRestarts());
      return ApplyResult.UNCHANGED;
    }
    applySharedClaim(target, pod.getNamespace(), recheck || live == null);
    RenderedJupyterPod rendered = render(pod, live == null ? null : uid(live));
    ApplyResult result = applier.apply(target, ObjectKind.DEPLOYMENT, rendered.deployment(), live);
    String uid = live == null ? null : uid(live);
    if (uid == null) {
      Deployment created = deploymentNow(target, pod);
      uid = created == null ? null : uid(created);
      rendered = render(pod, uid);
    }
    writeOwned(target, rendered, recheck || result == ApplyResult.CREATED);
    return result;
  }

  /**
   * Whether this replica has written the Service and NetworkPolicy of the pod as they are rendered
   * over its live Deployment. Not after a write of them that failed once the Deployment's had
   * succeeded: the pod then runs without its policy (its Jupyter port open to every pod) or without
   * its Service (its link dead), and the keeper applies them again.
   */
  boolean ownedObjectsApplied(JupyterPodEntity pod, Deployment live) {
    KubernetesTarget target = targets.get(pod.getCloudEnv());
    RenderedJupyterPod rendered = render(pod, uid(live));
    return applier.isApplied(target, ObjectKind.SERVICE, rendered.service())
        && applier.isApplied(target, ObjectKind.NETWORK_POLICY, rendered.networkPolicy());
  }

  /**
   * Whether the live Deployment is what this replica renders for the pod now (its content hash),
   * not one rendered from earlier settings of the pods.
   */
  boolean deploymentCurrent(JupyterPodEntity pod, Deployment live) {
    Deployment rendered = render(pod, uid(live)).deployment();
    ObjectHash.stamp(ObjectKind.DEPLOYMENT, rendered, Map.of());
    return Objects.equals(ObjectHash.annotationOf(rendered), ObjectHash.annotationOf(live));
  }

  /**
   * Writes the pod's Service and NetworkPolicy as rendered over its live Deployment, which is left
   * as it is (a Deployment rendered differently, after a change of the pods' settings, is not
   * rolled out to pods in use by this; a restart does that): those this replica has written as
   * rendered cost no request.
   */
  void applyOwnedObjects(JupyterPodEntity pod, Deployment live, boolean recheck) {
    writeOwned(targets.get(pod.getCloudEnv()), render(pod, uid(live)), recheck);
  }

  /** The Service and NetworkPolicy the Deployment owns, read first when {@code recheck}. */
  private void writeOwned(KubernetesTarget target, RenderedJupyterPod rendered, boolean recheck) {
    applier.applyUncached(target, ObjectKind.SERVICE, rendered.service(), recheck);
    applier.applyUncached(target, ObjectKind.NETWORK_POLICY, rendered.networkPolicy(), recheck);
  }

  /**
   * Creates the workspace claim every Jupyter pod mounts when it is missing and the control plane
   * provisions claims, as it does a cluster owner's: nothing else made it, and without it every pod
   * stayed Pending (each replaced at its start deadline, the target's failures backing it off).
   * Before the Deployment, so that its pod finds it. No request when this replica applied it
   * already, unless {@code recheck}.
   */
  private void applySharedClaim(KubernetesTarget target, String namespace, boolean recheck) {
    if (settings.workspaceClaim() == null) {
      return;
    }
    WorkspaceClaims.toProvision(workspace, settings.workspaceClaim(), SHARED_SCOPE, namespace)
        .ifPresent(
            claim ->
                applier.applyUncached(target, ObjectKind.PERSISTENT_VOLUME_CLAIM, claim, recheck));
  }

  /** The restart generation a pod's Deployment was rendered for, or null when it does not say. */
  static Integer generationOf(Deployment deployment) {
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    var annotations =
        template == null || template.getMetadata() == null
            ? null
            : template.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(ResourceNames.RESTART_GENERATION_ANNOTATION);
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Deletes the pod's objects (the owned ones too, not relying on the garbage collector). */
  public void delete(JupyterPodEntity pod) {
    KubernetesTarget target = targets.get(pod.getCloudEnv());
    applier.delete(target, ObjectKind.DEPLOYMENT, pod.getNamespace(), pod.getName());
    applier.delete(
        target,
        ObjectKind.SERVICE,
        pod.getNamespace(),
        JupyterPodRenderer.serviceName(pod.getName()));
    applier.delete(
        target,
        ObjectKind.NETWORK_POLICY,
        pod.getNamespace(),
        JupyterPodRenderer.networkPolicyName(pod.getName()));
  }

  /** Deletes the objects of a Deployment whose pod was deleted here (a delete that failed). */
  public void deleteOrphan(String targetName, Deployment deployment) {
    KubernetesTarget target = targets.get(targetName);
    String name = deployment.getMetadata().getName();
    String namespace = deployment.getMetadata().getNamespace();
    applier.delete(target, ObjectKind.DEPLOYMENT, namespace, name);
    applier.delete(target, ObjectKind.SERVICE, namespace, JupyterPodRenderer.serviceName(name));
    applier.delete(
        target, ObjectKind.NETWORK_POLICY, namespace, JupyterPodRenderer.networkPolicyName(name));
  }

  /**
   * The objects as applied: rendered, hash-stamped, owned by the live Deployment when it exists.
   */
  public List<HasMetadata> manifest(JupyterPodEntity pod) {
    Deployment live = observer.deployment(pod.getCloudEnv(), pod.getName());
    return stamped(render(pod, live == null ? null : uid(live)));
  }

  /** What a new pod on a target would be made of (placeholder name, no owner yet). */
  public List<HasMetadata> preview(String targetName, String name) {
    KubernetesTarget target = targets.get(targetName);
    return stamped(
        JupyterPodRenderer.render(
            new JupyterPodInput(name, target.namespace(), target.name(), 0, null), settings));
  }

  /**
   * What each pod made on the target now runs, as 16 hex digits: the hash of the pod template a
   * render gives (image, command, resources, probes, volumes and mounts, whatever shapes it), with
   * a fixed name in place of a pod's. A target's failure streak is of the pods of one such value; a
   * replica that renders another (a broken image since replaced, a fixed command) does not wait on
   * it. The same for the life of the process: cached per target.
   */
  public String podSettings(String targetName) {
    return podSettings.computeIfAbsent(
        targetName,
        name -> {
          KubernetesTarget target = targets.get(name);
          Deployment template =
              JupyterPodRenderer.render(
                      new JupyterPodInput(
                          "jupyter-settings", target.namespace(), target.name(), 0, null),
                      settings)
                  .deployment();
          return ObjectHash.of(template.getSpec().getTemplate().getSpec()).substring(0, 16);
        });
  }

  private static List<HasMetadata> stamped(RenderedJupyterPod rendered) {
    ObjectHash.stamp(ObjectKind.DEPLOYMENT, rendered.deployment(), Map.of());
    ObjectHash.stamp(ObjectKind.SERVICE, rendered.service(), Map.of());
    ObjectHash.stamp(ObjectKind.NETWORK_POLICY, rendered.networkPolicy(), Map.of());
    return rendered.objects();
  }

  private RenderedJupyterPod render(JupyterPodEntity pod, String deploymentUid) {
    return JupyterPodRenderer.render(
        new JupyterPodInput(
            pod.getName(), pod.getNamespace(), pod.getCloudEnv(), pod.getRestarts(), deploymentUid),
        settings);
  }

  private static String uid(Deployment deployment) {
    return deployment.getMetadata().getUid();
  }
}
