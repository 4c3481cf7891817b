package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A RayCluster by namespace and name: the unit of work of the simulated operator. */
record ClusterKey(String namespace, String name) {

  static ClusterKey of(HasMetadata resource) {
    return new ClusterKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
