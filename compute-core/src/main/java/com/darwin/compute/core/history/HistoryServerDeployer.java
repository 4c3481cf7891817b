package com.darwin.compute.core.history;

import com.darwin.compute.core.kube.KubernetesErrors;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.history.HistoryServerSpec;
import com.darwin.compute.core.render.history.RenderedHistoryServer;
import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders a server and applies its Deployment and Service through the one {@link ObjectApplier}, or
 * deletes them. An apply that fails half way removes what it made, so a failed start leaves nothing
 * behind.
 */
@Component
public class HistoryServerDeployer {

  private static final Logger log = LoggerFactory.getLogger(HistoryServerDeployer.class);

  private final SparkHistoryServerRenderer renderer;
  private final ObjectApplier applier;
  private final KubernetesTargets targets;
  private final HistoryServerLinks links;
  private final RequestPathTargets requestPath;
  private final HistoryServerObserver observer;

  public HistoryServerDeployer(
      SparkHistoryServerRenderer renderer,
      ObjectApplier applier,
      KubernetesTargets targets,
      HistoryServerLinks links,
      RequestPathTargets requestPath,
      HistoryServerObserver observer) {
    this.renderer = renderer;
    this.applier = applier;
    this.targets = targets;
    this.links = links;
    this.requestPath = requestPath;
    this.observer = observer;
  }

  /**
   * @param startedAt the start to render for, or null for a preview
   */
  public RenderedHistoryServer render(String id, HistoryServerPlan plan, Instant startedAt) {
    return render(id, plan, startedAt, null);
  }

  private RenderedHistoryServer render(
      String id, HistoryServerPlan plan, Instant startedAt, String deploymentUid) {
    return renderer.render(
        new HistoryServerSpec(
            id,
            plan.resource(),
            plan.user(),
            plan.namespace(),
            plan.logDirectory(),
            links.proxyBase(id, plan.cloudEnv()),
            plan.claimName(),
            startedAt,
            deploymentUid));
  }

  private RenderedHistoryServer render(HistoryServerEntity server, String deploymentUid) {
    return render(
        server.getId(), HistoryServerStore.planOf(server), server.getStartedAt(), deploymentUid);
  }

  /**
   * The objects as applied for a server: its Service owned by the Deployment the watch holds, when
   * it holds one.
   */
  public RenderedHistoryServer manifest(HistoryServerEntity server) {
    Deployment live =
        server.getStatus().running()
            ? observer.deployment(server.getCloudEnv(), server.getId())
            : null;
    return render(server, live == null ? null : live.getMetadata().getUid());
  }

  /**
   * Applies while a user waits: a Kubernetes API that refuses fails the call at once.
   *
   * @return whether anything was written (false when both objects were as rendered already)
   */
  public boolean applyNow(HistoryServerEntity server) {
    return apply(server, requestPath.get(server.getCloudEnv()));
  }

  /**
   * The Service, read first. One owned by a Deployment deleted since (a start right after a stop
   * whose Service delete failed) may be collected by Kubernetes between the read and the update:
   * the update's 404 then means it is gone, and it is created.
   */
  private boolean applyService(KubernetesTarget target, Service desired) {
    try {
      return applier.applyUncached(target, ObjectKind.SERVICE, desired, true).wrote();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      return applier.applyUncached(target, ObjectKind.SERVICE, desired, true).wrote();
    }
  }

  /**
   * Writes again the Service of a running server whose Deployment is in place (see {@link
   * #applyNow}): one deleted by hand, or not owned by the Deployment (applied before Services were
   * owned, or its owner reference removed by hand). A failure leaves the Deployment as it is (the
   * next pass tries again); a server whose Deployment is gone after all is applied whole.
   *
   * @return whether anything was written
   */
  public boolean applyServiceNow(HistoryServerEntity server) {
    KubernetesTarget target = requestPath.get(server.getCloudEnv());
    Deployment live = deploymentAt(target, server.getNamespace(), server.getId());
    if (live == null) {
      return apply(server, target);
    }
    String uid = live.getMetadata().getUid();
    Service desired = render(server, uid).service();
    Service service =
        applier.current(target, ObjectKind.SERVICE, server.getNamespace(), server.getId());
    if (service != null && !ownedBy(service, uid)) {
      return applier.rewrite(target, ObjectKind.SERVICE, desired).wrote();
    }
    return applier.apply(target, ObjectKind.SERVICE, desired, service).wrote();
  }

  /** Whether a Service names the Deployment of that uid among its owners. */
  public static boolean ownedBy(Service service, String deploymentUid) {
    var owners = service.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream().anyMatch(owner -> Objects.equals(deploymentUid, owner.getUid()));
  }

  /**
   * Deletes while a user waits (see {@link #applyNow}). A server whose target is no longer
   * configured has nothing this control plane can reach any more: nothing is deleted, and a warning
   * names what may be left on that target (its row can then go; it could never be deleted before).
   */
  public void deleteNow(HistoryServerEntity server) {
    if (targets.find(server.getCloudEnv()).isEmpty()) {
      log.warn(
          "Spark History Server {}: its target '{}' is no longer configured, so its Deployment and"
              + " Service {} in namespace {} there, if any, are left",
          server.getId(),
          server.getCloudEnv(),
          server.getId(),
          server.getNamespace());
      return;
    }
    delete(server, requestPath.get(server.getCloudEnv()));
  }

  /**
   * The Deployment, read first, then the Service owned by it: both written only where they differ
   * from the render (a Service deleted or changed by hand is written again).
   */
  private boolean apply(HistoryServerEntity server, KubernetesTarget target) {
    try {
      ObjectApplier.Written<Deployment> deployment =
          applier.applyUncachedAndGet(
              target, ObjectKind.DEPLOYMENT, render(server, null).deployment());
      String uid = deployment.object() == null ? null : deployment.object().getMetadata().getUid();
      boolean service = applyService(target, render(server, uid).service());
      return deployment.result().wrote() || service;
    } catch (RuntimeException e) {
      try {
        delete(server, target);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new HistoryServerUnavailableException(
          "Spark History Server "
              + server.getId()
              + " could not be applied on "
              + server.getCloudEnv()
              + ": "
              + KubernetesErrors.summary(e),
          e);
    }
  }

  public void delete(HistoryServerEntity server) {
    delete(server, targets.get(server.getCloudEnv()));
  }

  /**
   * Deletes the objects a server left at one target and namespace (see {@link #applyNow}), as the
   * API server has them now, unless they are the very objects of its running start: read through
   * both targets at once, one API server reached at two addresses answers with the same Deployment.
   * The Deployment is deleted only at the version read, so one re-created or changed since stays.
   *
   * @return whether they were deleted
   */
  public boolean deleteLeftNow(HistoryServerEntity server, String target, String namespace) {
    KubernetesTarget there = requestPath.get(target);
    Deployment left = deploymentAt(there, namespace, server.getId());
    if (left == null) {
      return false;
    }
    if (server.getStatus().running() && targets.find(server.getCloudEnv()).isPresent()) {
      Deployment own =
          deploymentAt(
              requestPath.get(server.getCloudEnv()), server.getNamespace(), server.getId());
      if (own != null && Objects.equals(own.getMetadata().getUid(), left.getMetadata().getUid())) {
        return false;
      }
    }
    // The Deployment first, at the version read: the Service goes only with it.
    if (applier.deleteAt(
            there,
            ObjectKind.DEPLOYMENT,
            namespace,
            server.getId(),
            left.getMetadata().getResourceVersion())
        != ApplyResult.DELETED) {
      return false;
    }
    applier.delete(there, ObjectKind.SERVICE, namespace, server.getId());
    log.info(
        "Deleted the objects Spark History Server {} left in namespace {} on {}",
        server.getId(),
        namespace,
        target);
    return true;
  }

  /**
   * Deletes the Service of a server at one target and namespace if no Deployment of its name is
   * there, asked now (one there is judged with its Deployment, {@link #deleteLeftNow}), and only at
   * the version read, so one re-created since stays.
   *
   * @return whether it was deleted
   */
  public boolean deleteOrphanServiceNow(String id, String target, String namespace) {
    KubernetesTarget there = requestPath.get(target);
    if (deploymentAt(there, namespace, id) != null) {
      return false;
    }
    Service left = applier.current(there, ObjectKind.SERVICE, namespace, id);
    if (left == null
        || applier.deleteAt(
                there, ObjectKind.SERVICE, namespace, id, left.getMetadata().getResourceVersion())
            != ApplyResult.DELETED) {
      return false;
    }
    log.info(
        "Deleted the Service Spark History Server {} left without its Deployment in namespace {} on"
            + " {}",
        id,
        namespace,
        target);
    return true;
  }

  private Deployment deploymentAt(KubernetesTarget target, String namespace, String name) {
    return applier.current(target, ObjectKind.DEPLOYMENT, namespace, name);
  }

  /** Deletes both objects, the second even when the first fails (then the failure is thrown). */
  /**
   * {@link #deleteNow}, and the server's objects the watches see on any other target: what a start
   * there left when its stop's delete failed. The repair pass removes those only while the row is
   * there to account for them, so a delete of the row left them running for good.
   */
  public void deleteEverywhere(HistoryServerEntity server) {
    deleteNow(server);
    List<Runnable> elsewhere = new ArrayList<>();
    for (String targetName : observer.targetNames()) {
      if (targetName.equals(server.getCloudEnv()) || targets.find(targetName).isEmpty()) {
        continue;
      }
      HasMetadata left = observer.deployment(targetName, server.getId());
      if (left == null) {
        left = observer.service(targetName, server.getId());
      }
      if (left != null) {
        String namespace = left.getMetadata().getNamespace();
        elsewhere.add(() -> delete(server.getId(), namespace, requestPath.get(targetName)));
      }
    }
    eachOf(elsewhere);
  }

  private void delete(HistoryServerEntity server, KubernetesTarget target) {
    delete(server.getId(), server.getNamespace(), target);
  }

  private void delete(String id, String namespace, KubernetesTarget target) {
    eachOf(
        List.of(
            () -> applier.delete(target, ObjectKind.SERVICE, namespace, id),
            () -> applier.delete(target, ObjectKind.DEPLOYMENT, namespace, id)));
    log.info("Deleted the objects of Spark History Server {} on {}", id, target.name());
  }

  /** Runs every step whatever fails, then throws the first failure, the others suppressed in it. */
  private static void eachOf(List<Runnable> steps) {
    RuntimeException failure = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
