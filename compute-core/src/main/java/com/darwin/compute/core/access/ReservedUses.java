package com.darwin.compute.core.access;

import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.config.AccessProperties.Principals;
import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.render.WorkspaceSettings;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.InstanceRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What a cluster's code runs with that a grant ({@code compute.access.grants}) may reserve to some
 * users and groups: its instance role (the cloud identity its pods assume) and, with the {@code
 * project} workspace scope, its project's workspace. Whoever runs code in the cluster (its owner,
 * whoever it is shared with) runs it with these, so each of them must be granted them.
 */
@Component
public class ReservedUses {

  /** One reserved use of a cluster and who it is reserved to. */
  public record Use(String what, Principals principals) {

    /** Whether this user (as the caller or as configuration knows them) was granted it. */
    public boolean allows(Caller user) {
      return user.admin()
          || principals.users().contains(user.user())
          || user.memberOfAny(principals.groups());
    }

    /** Whether a share with this user (as configuration knows them) or group reaches it. */
    boolean reaches(PrincipalKind kind, String principal, KnownUsers users, String source) {
      return kind == PrincipalKind.GROUP
          ? principals.groups().contains(principal)
          : allows(users.configured(principal, source));
    }
  }

  private final AccessProperties access;
  private final InstanceRoleProperties roles;
  private final WorkspaceProperties workspace;

  public ReservedUses(
      AccessProperties access, InstanceRoleProperties roles, WorkspaceProperties workspace) {
    this.access = access;
    this.roles = roles;
    this.workspace = workspace;
  }

  /** The reserved uses of a spec: none when no grant names its role or project. */
  public List<Use> of(ClusterRequest spec) {
    AccessProperties.Grants grants = access.grants();
    List<Use> uses = new ArrayList<>();
    String role = roleId(spec.advanceConfig().instanceRole());
    Principals roleGrant = role == null ? null : grants.instanceRoles().get(role);
    if (roleGrant != null) {
      uses.add(new Use("instance role " + role, roleGrant));
    }
    String project = project(spec);
    Principals projectGrant = project == null ? null : grants.projects().get(project);
    if (projectGrant != null) {
      uses.add(new Use("the workspace of project " + project, projectGrant));
    }
    return uses;
  }

  /** The reserved uses {@code after} has that {@code before} had not (an edit's). */
  public List<Use> added(ClusterRequest before, ClusterRequest after) {
    Set<String> had = of(before).stream().map(Use::what).collect(Collectors.toSet());
    return of(after).stream().filter(use -> !had.contains(use.what())).toList();
  }

  /** The project whose workspace the spec's pods mount, with the {@code project} scope only. */
  public String project(ClusterRequest spec) {
    return workspace.scope() == WorkspaceSettings.ClaimScope.PROJECT
        ? spec.labels().get(workspace.projectLabel())
        : null;
  }

  /**
   * The configured id of the requested role (by id or display name), or the default role. A blank
   * id is no id, as for the service account the pods get ({@code ServiceAccounts}): read as an id,
   * {@code " "} matched no grant, while the pods ran as the role its display name named.
   */
  public String roleId(InstanceRole requested) {
    String id = requested == null ? null : blankToNull(requested.id());
    String name = requested == null ? null : blankToNull(requested.displayName());
    if (id == null && name == null) {
      return roles.defaultRole();
    }
    return roles.roles().stream()
        .filter(
            r -> (id != null && id.equals(r.id())) || (id == null && name.equals(r.displayName())))
        .map(InstanceRoleProperties.Role::id)
        .findFirst()
        .orElse(id != null ? id : name);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
