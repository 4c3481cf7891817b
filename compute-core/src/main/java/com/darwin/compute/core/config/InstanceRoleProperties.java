package com.darwin.compute.core.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The instance roles ({@code advance_config.instance_role}) users may pick, by id or display name,
 * and the Kubernetes service account each runs pods as (bound to the cloud role by IRSA or workload
 * identity).
 */
@ConfigurationProperties("compute.instance-roles")
public record InstanceRoleProperties(@DefaultValue("1") String defaultRole, List<Role> roles) {

  public InstanceRoleProperties {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public record Role(String id, String displayName, String serviceAccountName) {}
}
