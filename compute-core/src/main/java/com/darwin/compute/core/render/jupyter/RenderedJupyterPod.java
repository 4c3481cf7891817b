package com.darwin.compute.core.render.jupyter;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of one Jupyter pod, in the order they are applied: the Deployment, then what it owns.
 */
public record RenderedJupyterPod(
    Deployment deployment, Service service, NetworkPolicy networkPolicy) {

  public List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(deployment);
    objects.add(service);
    objects.add(networkPolicy);
    return objects;
  }
}
