package com.darwin.compute.core.render.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** The objects of one history server, in apply order. */
public record RenderedHistoryServer(Deployment deployment, Service service) {

  public List<HasMetadata> objects() {
    return List.of(deployment, service);
  }
}
