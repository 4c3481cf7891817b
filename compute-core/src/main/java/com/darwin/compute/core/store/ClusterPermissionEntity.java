package com.darwin.compute.core.store;

import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.PrincipalKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A cluster shared with a user or a group at one {@link AccessLevel}. */
@Entity
@Table(name = "cluster_permissions")
public class ClusterPermissionEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Enumerated(EnumType.STRING)
  @Column(name = "principal_kind", nullable = false, columnDefinition = "enum('USER','GROUP')")
  private PrincipalKind principalKind;

  @Column(nullable = false)
  private String principal;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('CAN_ATTACH','CAN_RESTART','CAN_MANAGE')")
  private AccessLevel level;

  @Column(name = "granted_by", nullable = false)
  private String grantedBy;

  @Column(name = "granted_at", nullable = false)
  private Instant grantedAt;

  protected ClusterPermissionEntity() {}

  public ClusterPermissionEntity(
      String clusterId,
      PrincipalKind principalKind,
      String principal,
      AccessLevel level,
      String grantedBy,
      Instant grantedAt) {
    this.clusterId = clusterId;
    this.principalKind = principalKind;
    this.principal = principal;
    this.level = level;
    this.grantedBy = grantedBy;
    this.grantedAt = grantedAt;
  }

  public void change(AccessLevel newLevel, String by, Instant at) {
    this.level = newLevel;
    this.grantedBy = by;
    this.grantedAt = at;
  }

  public String getClusterId() {
    return clusterId;
  }

  public PrincipalKind getPrincipalKind() {
    return principalKind;
  }

  public String getPrincipal() {
    return principal;
  }

  public AccessLevel getLevel() {
    return level;
  }
}
