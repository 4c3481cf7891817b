package com.darwin.compute.core.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What callers may choose and how much they may run. A resource named in {@code grants} is reserved
 * to the users and groups listed for it (a 403 naming it for anyone else); a resource not named is
 * open to every authenticated caller. Limits of 0 mean "no limit".
 *
 * @param grants instance roles (by id), Kubernetes targets ({@code cloud_env}), node types and
 *     workspace projects (the {@code project} label), each to users and groups
 * @param limits per-user caps on running clusters and on their total cores (at {@code max_pods})
 */
@ConfigurationProperties("compute.access")
public record AccessProperties(@DefaultValue Grants grants, @DefaultValue Limits limits) {

  public record Grants(
      Map<String, Principals> instanceRoles,
      Map<String, Principals> cloudEnvs,
      Map<String, Principals> nodeTypes,
      Map<String, Principals> projects) {

    public Grants {
      instanceRoles = instanceRoles == null ? Map.of() : Map.copyOf(instanceRoles);
      cloudEnvs = cloudEnvs == null ? Map.of() : Map.copyOf(cloudEnvs);
      nodeTypes = nodeTypes == null ? Map.of() : Map.copyOf(nodeTypes);
      projects = projects == null ? Map.of() : Map.copyOf(projects);
    }
  }

  /** Users (e-mails) and groups (from the token's groups claim). */
  public record Principals(List<String> users, List<String> groups) {

    public Principals {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  public record Limits(
      @DefaultValue("0") int maxRunningClusters, @DefaultValue("0") int maxRunningCores) {}
}
