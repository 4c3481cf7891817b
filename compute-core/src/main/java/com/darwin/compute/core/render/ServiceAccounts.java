package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.InstanceRole;
import java.util.Optional;

/**
 * The Kubernetes service account pods run as, from the request's instance role (IRSA / workload
 * identity bind the cloud role to it). A request may name its role by id or by display name, as the
 * Python API allowed; one that names none gets the configured default.
 */
public final class ServiceAccounts {

  private ServiceAccounts() {}

  public static Optional<String> resolve(InstanceRole role, PodSettings settings) {
    String id = role == null ? null : blankToNull(role.id());
    String name = role == null ? null : blankToNull(role.displayName());
    if (id == null && name == null) {
      id = settings.defaultInstanceRole();
    }
    for (PodSettings.InstanceRoleSetting known : settings.instanceRoles()) {
      if ((id != null && id.equals(known.id()))
          || (id == null && name != null && name.equals(known.displayName()))) {
        return Optional.ofNullable(known.serviceAccountName());
      }
    }
    return Optional.empty();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
