package com.darwin.compute.core.access;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.PrincipalKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A share reaches only users and groups granted the Secrets the cluster reads. */
class SharedSecretsTest {

  private final ClusterPermissionRepository permissions = mock(ClusterPermissionRepository.class);
  private final ClusterRepository clusters = mock(ClusterRepository.class);

  /** team-ml-* reserved to group ml, fin-db to fin; shared-* open; carol is configured in ml. */
  private final SharedSecrets shared =
      new SharedSecrets(
          new SecretGrants(
              new AccessProperties(
                  TestingSecretGrants.reserved(),
                  new AccessProperties.Limits(0, 0),
                  List.of("shared-*"))),
          new TestingKnownUsers(),
          permissions,
          clusters);

  private final Caller owner = new Caller("fin@example.com", Set.of(), false, false, null, "ip");
  private final Caller admin = new Caller("root@example.com", Set.of(), true, false, null, "ip");

  @Test
  void aShareIsMadeOnlyWithThoseGrantedWhatTheClusterReads() {
    List<String> reads = List.of("shared-a", "team-ml-db");
    assertThatCode(() -> shared.checkShare("c1", reads, PrincipalKind.GROUP, "ml", owner))
        .doesNotThrowAnyException();
    // carol by her configured group; bob has no grant.
    assertThatCode(
            () -> shared.checkShare("c1", reads, PrincipalKind.USER, "carol@example.com", owner))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> shared.checkShare("c1", reads, PrincipalKind.USER, "bob@example.com", owner))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "Cluster c1 may not be shared with user bob@example.com, not granted Secret"
                + " team-ml-db");
    // A Secret granted to a user is not its group's, whoever is in it.
    assertThatThrownBy(
            () -> shared.checkShare("c1", List.of("fin-db"), PrincipalKind.GROUP, "ml", owner))
        .hasMessageContaining("group ml, not granted Secret fin-db");
    assertThatCode(
            () -> shared.checkShare("c1", List.of("fin-db"), PrincipalKind.GROUP, "ml", admin))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> shared.checkShare("c1", List.of(), PrincipalKind.USER, "bob@example.com", owner))
        .doesNotThrowAnyException();
  }

  @Test
  void anEditAddsASecretToASharedClusterOnlyIfEveryShareIsGrantedIt() {
    when(permissions.findCommitted("c1"))
        .thenReturn(
            List.of(
                new ClusterPermissionEntity(
                    "c1", PrincipalKind.GROUP, "ml", AccessLevel.CAN_ATTACH, "fin", Instant.now()),
                new ClusterPermissionEntity(
                    "c1",
                    PrincipalKind.USER,
                    "carol@example.com",
                    AccessLevel.CAN_RESTART,
                    "fin",
                    Instant.now())));
    assertThatCode(() -> shared.checkAdded("c1", Set.of("shared-b", "team-ml-x"), owner))
        .doesNotThrowAnyException();
    // The row is locked before the shares are read.
    verify(clusters).findForEdit("c1");
    assertThatThrownBy(() -> shared.checkAdded("c1", Set.of("fin-db"), owner))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Cluster c1 is shared with group ml, not granted Secret fin-db");
    assertThatCode(() -> shared.checkAdded("c1", Set.of("fin-db"), admin))
        .doesNotThrowAnyException();
  }

  @Test
  void anEditAddingNoSecretLocksAndReadsNothing() {
    shared.checkAdded("c2", Set.of(), owner);
    verify(clusters, never()).findForEdit("c2");
    verify(permissions, never()).findCommitted("c2");
  }
}
