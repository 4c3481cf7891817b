package com.darwin.compute.core.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What callers may choose and how much they may run. A resource named in {@code grants} is reserved
 * to the users and groups listed for it (a 403 naming it for anyone else); a resource not named is
 * open to every authenticated caller. Kubernetes Secrets are the exception: one is read into a
 * cluster's pods only when granted to the caller ({@code grants.secrets}) or listed in {@code
 * open-secrets}, as the namespace holds the platform's and every team's. Limits of 0 mean "no
 * limit".
 *
 * @param grants instance roles (by id), Kubernetes targets ({@code cloud_env}), node types,
 *     workspace projects (the {@code project} label) and Secrets (by name, or a prefix ending in
 *     {@code *}), each to users and groups
 * @param limits per-user caps on running clusters and on their total cores (at {@code max_pods})
 * @param openSecrets Secrets (names, or prefixes ending in {@code *}) that every caller may read
 *     into their clusters, unless a grant reserves them
 */
@ConfigurationProperties("compute.access")
public record AccessProperties(
    @DefaultValue Grants grants, @DefaultValue Limits limits, List<String> openSecrets) {

  public AccessProperties {
    openSecrets = openSecrets == null ? List.of() : List.copyOf(openSecrets);
  }

  public record Grants(
      Map<String, Principals> instanceRoles,
      Map<String, Principals> cloudEnvs,
      Map<String, Principals> nodeTypes,
      Map<String, Principals> projects,
      Map<String, Principals> secrets) {

    public Grants {
      instanceRoles = instanceRoles == null ? Map.of() : Map.copyOf(instanceRoles);
      cloudEnvs = cloudEnvs == null ? Map.of() : Map.copyOf(cloudEnvs);
      nodeTypes = nodeTypes == null ? Map.of() : Map.copyOf(nodeTypes);
      projects = projects == null ? Map.of() : Map.copyOf(projects);
      secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
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
