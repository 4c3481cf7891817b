package com.darwin.compute.core.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The full view's shares are put in order in Java (its statement has no {@code ORDER BY}): the
 * order MariaDB gives {@code GET /cluster/{id}/permissions}, the ENUM's (users first) and then the
 * principal under {@code utf8mb4_bin}, which compares code points (upper case before lower case; a
 * character above U+FFFF after every one below it).
 */
class ShareOrderTest {

  @Test
  void usersBeforeGroupsThenPrincipalsAsTheBinaryCollationOrdersThem() {
    ClusterPermission groupA = share(PrincipalKind.GROUP, "analytics");
    ClusterPermission bob = share(PrincipalKind.USER, "bob@example.com");
    ClusterPermission upper = share(PrincipalKind.USER, "Zed@example.com");
    ClusterPermission privateUse = share(PrincipalKind.USER, "\uE000@example.com");
    ClusterPermission emoji = share(PrincipalKind.USER, "\uD83D\uDE00@example.com");
    List<ClusterPermission> shares =
        new ArrayList<>(List.of(groupA, emoji, bob, privateUse, upper));

    shares.sort(ClusterReads.SHARE_ORDER);

    // UTF-16 order would put the emoji (a surrogate pair, 0xD83D) before U+E000.
    assertThat(shares).containsExactly(upper, bob, privateUse, emoji, groupA);
  }

  private static ClusterPermission share(PrincipalKind kind, String principal) {
    return new ClusterPermission(kind, principal, AccessLevel.CAN_ATTACH);
  }
}
