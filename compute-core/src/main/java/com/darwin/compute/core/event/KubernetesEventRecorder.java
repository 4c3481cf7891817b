package com.darwin.compute.core.event;

import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.kube.KubernetesEventObservation;
import com.darwin.compute.core.kube.KubernetesEventWatcher;
import com.darwin.compute.core.status.StatusMessages;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the Kubernetes events of clusters as typed cluster events (beyond Kubernetes' one-hour
 * event TTL). An {@code InvalidRayClusterSpec} event also becomes the cluster's status message:
 * KubeRay says nothing else about a spec it rejects.
 */
@Component
public class KubernetesEventRecorder implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final ClusterEventRepository events;
  private final ClusterRepository clusters;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  // Informer threads must not wait for the database.
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kubernetes-event-recorder");
            t.setDaemon(true);
            return t;
          });

  public KubernetesEventRecorder(
      KubernetesEventWatcher watcher,
      ClusterEventRepository events,
      ClusterRepository clusters,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher) {
    this.events = events;
    this.clusters = clusters;
    this.tx = tx;
    this.publisher = publisher;
    watcher.addListener(o -> executor.execute(() -> record(o)));
  }

  void record(KubernetesEventObservation observation) {
    try {
      tx.executeWithoutResult(
          s -> {
            if (events.existsByExternalKey(observation.key())) {
              return;
            }
            var cluster = clusters.findById(observation.clusterId()).orElse(null);
            if (cluster == null) {
              return;
            }
            ClusterEventType type = typeOf(observation.reason());
            String message =
                observation.reason()
                    + ": "
                    + (observation.message() == null ? "" : observation.message());
            events.save(
                new ClusterEventEntity(
                    cluster.getClusterId(),
                    cluster.getActiveRunId(),
                    type.name(),
                    severityOf(type, observation.type()),
                    ClusterEventEntity.Source.KUBERNETES,
                    message,
                    null,
                    observation.objectKind(),
                    observation.objectName(),
                    observation.key(),
                    observation.at()));
            if (type == ClusterEventType.INVALID_SPEC) {
              cluster.changeStatus(
                  cluster.getStatus(),
                  StatusMessages.INVALID_SPEC_PREFIX + ": " + message,
                  observation.at());
              publisher.publishEvent(new ClusterChanged(cluster.getClusterId()));
            }
          });
    } catch (DataIntegrityViolationException duplicate) {
      // Stored meanwhile by another replica: the unique key keeps one copy.
    } catch (RuntimeException e) {
      log.warn("Could not record Kubernetes event {}", observation, e);
    }
  }

  static ClusterEventType typeOf(String reason) {
    if ("InvalidRayClusterSpec".equals(reason)) {
      return ClusterEventType.INVALID_SPEC;
    }
    if ("FailedScheduling".equals(reason)) {
      return ClusterEventType.POD_FAILED_SCHEDULING;
    }
    return ClusterEventType.KUBERNETES_EVENT;
  }

  static EventSeverity severityOf(ClusterEventType type, String kubernetesType) {
    if (type == ClusterEventType.INVALID_SPEC) {
      return EventSeverity.ERROR;
    }
    return "Warning".equals(kubernetesType) ? EventSeverity.WARNING : EventSeverity.INFO;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
