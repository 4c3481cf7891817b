package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/**
 * The owner reference of objects that go with a Deployment (a Jupyter pod's Service and
 * NetworkPolicy, a history server's Service), so Kubernetes deletes them with it however it goes.
 * No blockOwnerDeletion: nothing deletes the Deployment in the foreground, and clusters enforcing
 * owner references would refuse the owned objects without update rights on the Deployment's
 * finalizers (as for RayClusters).
 */
public final class DeploymentOwner {

  private DeploymentOwner() {}

  /** The references to set, or null before the Deployment exists (no uid yet, a preview). */
  public static List<OwnerReference> of(String name, String uid) {
    if (uid == null) {
      return null;
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(name)
            .withUid(uid)
            .withController(true)
            .build());
  }
}
