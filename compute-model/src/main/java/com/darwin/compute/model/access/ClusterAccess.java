package com.darwin.compute.model.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Who may change a cluster besides admins: its owner and the users and groups it is shared with.
 * Shown as {@code data.access} of {@code GET /cluster/{id}} and answered by {@code GET
 * /cluster/{id}/permissions}.
 */
public record ClusterAccess(
    @JsonProperty("owner") String owner,
    @JsonProperty("permissions") List<ClusterPermission> permissions) {

  public ClusterAccess {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
  }
}
