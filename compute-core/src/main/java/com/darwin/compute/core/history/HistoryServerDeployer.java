package com.darwin.compute.core.history;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.history.HistoryServerSpec;
import com.darwin.compute.core.render.history.RenderedHistoryServer;
import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
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

  public HistoryServerDeployer(
      SparkHistoryServerRenderer renderer,
      ObjectApplier applier,
      KubernetesTargets targets,
      HistoryServerLinks links) {
    this.renderer = renderer;
    this.applier = applier;
    this.targets = targets;
    this.links = links;
  }

  public RenderedHistoryServer render(String id, HistoryServerPlan plan) {
    return renderer.render(
        new HistoryServerSpec(
            id,
            plan.resource(),
            plan.user(),
            plan.namespace(),
            plan.logDirectory(),
            links.proxyBase(id, plan.cloudEnv()),
            plan.claimName()));
  }

  public RenderedHistoryServer render(HistoryServerEntity server) {
    return render(server.getId(), HistoryServerStore.planOf(server));
  }

  /**
   * @param recheck read the live objects even when this replica applied the same content (repairs
   *     objects deleted behind its back)
   */
  public void apply(HistoryServerEntity server, boolean recheck) {
    KubernetesTarget target = targets.get(server.getCloudEnv());
    RenderedHistoryServer objects = render(server);
    try {
      applier.applyUncached(target, ObjectKind.DEPLOYMENT, objects.deployment(), recheck);
      applier.applyUncached(target, ObjectKind.SERVICE, objects.service(), recheck);
    } catch (RuntimeException e) {
      try {
        delete(server);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new HistoryServerUnavailableException(
          "Spark History Server "
              + server.getId()
              + " could not be applied on "
              + server.getCloudEnv()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public void delete(HistoryServerEntity server) {
    KubernetesTarget target = targets.get(server.getCloudEnv());
    applier.delete(target, ObjectKind.SERVICE, server.getNamespace(), server.getId());
    applier.delete(target, ObjectKind.DEPLOYMENT, server.getNamespace(), server.getId());
    log.info("Deleted the objects of Spark History Server {}", server.getId());
  }
}
