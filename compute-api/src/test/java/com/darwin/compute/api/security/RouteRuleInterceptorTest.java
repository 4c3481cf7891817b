package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.api.web.AuthenticationRequiredException;
import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;

/** The rule of a route decides before its handler runs; a route without a rule is nobody's. */
class RouteRuleInterceptorTest {

  /** Handlers as a controller of this application would declare them. */
  static class Handlers {
    public void forgotten() {}

    @PublicRoute
    public void open() {}

    @CallerRoute
    public void read() {}

    @CallerRoute(readOnly = true)
    public void search() {}

    @CallerRoute(bodyUserMayIdentify = true)
    public void create() {}

    @AdminRoute
    public void operate() {}

    @PublicRoute
    @AdminRoute
    public void confused() {}
  }

  private final SecurityProperties properties =
      new SecurityProperties(
          SecurityProperties.Mode.HEADER,
          null,
          null,
          null,
          List.of(),
          "on-behalf-of",
          Map.of(),
          false,
          false,
          null);
  // The cluster rule needs the database; ClusterRoute is covered end to end by AccessControlIT.
  private final RouteRuleInterceptor interceptor =
      new RouteRuleInterceptor(properties, new Callers(properties), null);

  private boolean call(String method) throws Exception {
    return interceptor.preHandle(
        new MockHttpServletRequest("GET", "/x"),
        new MockHttpServletResponse(),
        new HandlerMethod(new Handlers(), Handlers.class.getMethod(method)));
  }

  private static void signIn(boolean admin) {
    SecurityContextHolder.getContext()
        .setAuthentication(
            new CallerAuthentication(
                new Caller("someone@example.com", Set.of(), admin, false, null, "127.0.0.1")));
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aRouteWithoutARuleIsRefusedEvenToAdmins() {
    signIn(true);
    assertThatThrownBy(() -> call("forgotten"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("No access rule");
    assertThatThrownBy(() -> call("confused")).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void publicRoutesNeedNoIdentityOthersDo() throws Exception {
    assertThat(call("open")).isTrue();
    assertThatThrownBy(() -> call("read")).isInstanceOf(AuthenticationRequiredException.class);
    signIn(false);
    assertThat(call("read")).isTrue();
  }

  @Test
  void adminRoutesAreForAdmins() throws Exception {
    signIn(false);
    assertThatThrownBy(() -> call("operate"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Only admins");
    signIn(true);
    assertThat(call("operate")).isTrue();
  }

  @Test
  void theSandboxsAnonymousReadsOpenReadsOnly() throws Exception {
    SecurityProperties sandbox =
        new SecurityProperties(
            SecurityProperties.Mode.HEADER,
            null,
            null,
            null,
            List.of(),
            "on-behalf-of",
            Map.of(),
            false,
            true,
            null);
    RouteRuleInterceptor open = new RouteRuleInterceptor(sandbox, new Callers(sandbox), null);

    assertThat(anonymous(open, "GET", "read")).isTrue();
    assertThat(anonymous(open, "HEAD", "read")).isTrue();
    // A POST that is a read (a search) passes; any other change needs someone to sign it.
    assertThat(anonymous(open, "POST", "search")).isTrue();
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      assertThatThrownBy(() -> anonymous(open, method, "read"))
          .as(method)
          .isInstanceOf(AuthenticationRequiredException.class);
    }
    // A create naming its user passes only with body-user-when-anonymous (off here).
    assertThatThrownBy(() -> anonymous(open, "POST", "create"))
        .isInstanceOf(AuthenticationRequiredException.class);
    assertThatThrownBy(() -> anonymous(open, "GET", "operate"))
        .isInstanceOf(AuthenticationRequiredException.class);
  }

  private static boolean anonymous(RouteRuleInterceptor interceptor, String method, String handler)
      throws Exception {
    return interceptor.preHandle(
        new MockHttpServletRequest(method, "/x"),
        new MockHttpServletResponse(),
        new HandlerMethod(new Handlers(), Handlers.class.getMethod(handler)));
  }
}
