package com.darwin.compute.core.kube;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches Kubernetes Events in each target's namespace and passes on those about a cluster's
 * RayCluster or pods. KubeRay reports an invalid spec only this way ({@code
 * InvalidRayClusterSpec}), and the scheduler reports unschedulable pods this way.
 */
@Component
public class KubernetesEventWatcher implements SmartLifecycle {

  private static final Set<String> KINDS = Set.of("RayCluster", "Pod");

  private final KubernetesTargets targets;
  private final KubernetesProperties properties;
  private final List<Consumer<KubernetesEventObservation>> listeners = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<Event>> informers = new ArrayList<>();
  private volatile boolean running;

  public KubernetesEventWatcher(KubernetesTargets targets, KubernetesProperties properties) {
    this.targets = targets;
    this.properties = properties;
  }

  public void addListener(Consumer<KubernetesEventObservation> listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {
    for (KubernetesTarget target : targets.all()) {
      SharedIndexInformer<Event> informer =
          target
              .client()
              .v1()
              .events()
              .inNamespace(target.namespace())
              .runnableInformer(properties.informerResync().toMillis());
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event event) {
              publish(event);
            }

            @Override
            public void onUpdate(Event oldEvent, Event newEvent) {
              publish(newEvent);
            }

            @Override
            public void onDelete(Event event, boolean unknown) {}
          });
      Informers.start(informer);
      informers.add(informer);
    }
    running = true;
  }

  private void publish(Event event) {
    var involved = event.getInvolvedObject();
    if (involved == null || !KINDS.contains(involved.getKind())) {
      return;
    }
    String clusterId = ResourceNames.clusterIdOfObjectName(involved.getName());
    if (clusterId == null) {
      return;
    }
    String key =
        event.getMetadata().getUid() + ":" + (event.getCount() == null ? 1 : event.getCount());
    KubernetesEventObservation observation =
        new KubernetesEventObservation(
            clusterId,
            key,
            event.getType(),
            event.getReason(),
            event.getMessage(),
            involved.getKind(),
            involved.getName(),
            timestamp(event));
    listeners.forEach(l -> l.accept(observation));
  }

  private static Instant timestamp(Event event) {
    for (String t :
        new String[] {
          event.getLastTimestamp(),
          event.getEventTime() == null ? null : event.getEventTime().getTime(),
          event.getFirstTimestamp(),
          event.getMetadata().getCreationTimestamp()
        }) {
      if (t != null && !t.isBlank()) {
        try {
          return Instant.parse(t);
        } catch (RuntimeException ignored) {
          // try the next field
        }
      }
    }
    return Instant.now();
  }

  @Override
  public void stop() {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return LifecyclePhases.WATCHES;
  }
}
