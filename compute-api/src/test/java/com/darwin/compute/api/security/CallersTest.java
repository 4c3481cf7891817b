package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.access.Caller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Whose groups and admin flag a caller carries: its own, or the represented user's. */
class CallersTest {

  private final Callers callers =
      new Callers(
          new SecurityProperties(
              SecurityProperties.Mode.JWT,
              null,
              null,
              new SecurityProperties.Principals(
                  List.of("root@example.com"), List.of("darwin-admins")),
              List.of("workspace-client"),
              "on-behalf-of",
              Map.of(
                  "finance", List.of("fin@example.com", "workspace-client"),
                  "darwin-admins", List.of("ops@example.com")),
              false,
              false,
              null));

  private static MockHttpServletRequest request(String onBehalfOf) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cluster");
    request.setRemoteAddr("10.1.2.3");
    if (onBehalfOf != null) {
      request.addHeader("on-behalf-of", onBehalfOf);
    }
    return request;
  }

  @Test
  void aCallerActingAsItselfHasItsTokensAndItsConfiguredGroups() {
    Caller carol = callers.of("carol@example.com", List.of("ml-team"), request(null));
    assertThat(carol.groups()).containsExactly("ml-team");
    assertThat(carol.admin()).isFalse();

    Caller ops = callers.of("ops@example.com", List.of(), request(null));
    assertThat(ops.groups()).containsExactly("darwin-admins");
    assertThat(ops.admin()).isTrue();

    Caller service = callers.of("workspace-client", List.of("darwin-admins"), request(null));
    assertThat(service.delegate()).isTrue();
    assertThat(service.onBehalfOf()).isNull();
    assertThat(service.groups()).containsExactlyInAnyOrder("darwin-admins", "finance");
    assertThat(service.admin()).isTrue();
  }

  @Test
  void aDelegateActingForAUserHasThatUsersRightsNotItsOwn() {
    // The service's token says darwin-admins and configuration puts it in finance: neither goes
    // to the user it acts for.
    Caller forAlice =
        callers.of("workspace-client", List.of("darwin-admins"), request(" alice@example.com "));
    assertThat(forAlice.user()).isEqualTo("alice@example.com");
    assertThat(forAlice.delegate()).isTrue();
    assertThat(forAlice.groups()).isEmpty();
    assertThat(forAlice.admin()).isFalse();

    // The user's configured groups do come along.
    Caller forFin = callers.of("workspace-client", List.of(), request("fin@example.com"));
    assertThat(forFin.groups()).isEqualTo(Set.of("finance"));
    assertThat(forFin.admin()).isFalse();
    // Admin only when both are: naming an admin does not make a delegate one.
    Caller forOps = callers.of("workspace-client", List.of(), request("ops@example.com"));
    assertThat(forOps.groups()).containsExactly("darwin-admins");
    assertThat(forOps.admin()).isFalse();
    Caller adminForOps =
        callers.of("workspace-client", List.of("darwin-admins"), request("ops@example.com"));
    assertThat(adminForOps.admin()).isTrue();
    Caller adminForRoot =
        callers.of("workspace-client", List.of("darwin-admins"), request("root@example.com"));
    assertThat(adminForRoot.admin()).isTrue();
    assertThat(adminForRoot.groups()).isEmpty();
  }

  @Test
  void aUserWhoIsNotCallingHasTheirConfiguredRights() {
    Caller fin = callers.configured("fin@example.com", "10.1.2.3");
    assertThat(fin.groups()).containsExactly("finance");
    assertThat(fin.admin()).isFalse();
    assertThat(fin.delegate()).isFalse();
    assertThat(callers.configured("ops@example.com", "10.1.2.3").admin()).isTrue();
    assertThat(callers.configured("root@example.com", "10.1.2.3").admin()).isTrue();
    assertThat(callers.configured("workspace-client", "10.1.2.3").delegate()).isFalse();
  }

  @Test
  void onlyADelegateMayActForAnother() {
    // A user's token (mayDelegate false) and a name not configured as a delegate keep their own
    // rights; the header is ignored here (the filters refuse such a request).
    Caller lookalike =
        callers.of("workspace-client", List.of("x"), request("root@example.com"), false);
    assertThat(lookalike.delegate()).isFalse();
    assertThat(lookalike.onBehalfOf()).isNull();
    assertThat(lookalike.groups()).containsExactlyInAnyOrder("x", "finance");
    assertThat(lookalike.admin()).isFalse();

    Caller fin = callers.of("fin@example.com", List.of(), request("root@example.com"));
    assertThat(fin.onBehalfOf()).isNull();
    assertThat(fin.user()).isEqualTo("fin@example.com");
    assertThat(fin.admin()).isFalse();

    Caller blank = callers.of("workspace-client", List.of("darwin-admins"), request("  "));
    assertThat(blank.onBehalfOf()).isNull();
    assertThat(blank.admin()).isTrue();
  }
}
