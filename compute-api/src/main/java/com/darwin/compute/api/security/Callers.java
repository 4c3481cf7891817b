package com.darwin.compute.api.security;

import com.darwin.compute.api.web.AuthenticationRequiredException;
import com.darwin.compute.core.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns an authenticated identity into a {@link Caller}: groups from the token plus the configured
 * group members, admin and delegate from configuration, the represented user of a delegate from its
 * on-behalf-of header.
 */
@Component
public class Callers {

  private final SecurityProperties properties;

  public Callers(SecurityProperties properties) {
    this.properties = properties;
  }

  public Caller of(String name, Collection<String> tokenGroups, HttpServletRequest request) {
    return of(name, tokenGroups, request, true);
  }

  /**
   * The same, for an identity that may be a delegate ({@code mayDelegate}: the gateway's {@code
   * msd-user}, a token that names no user) or may not (a user's token, whatever its e-mail reads).
   */
  public Caller of(
      String name,
      Collection<String> tokenGroups,
      HttpServletRequest request,
      boolean mayDelegate) {
    Set<String> groups = new LinkedHashSet<>(tokenGroups);
    for (Map.Entry<String, java.util.List<String>> group : properties.groupMembers().entrySet()) {
      if (group.getValue().contains(name)) {
        groups.add(group.getKey());
      }
    }
    boolean admin =
        properties.admins().users().contains(name)
            || properties.admins().groups().stream().anyMatch(groups::contains);
    boolean delegate = mayDelegate && properties.delegates().contains(name);
    String onBehalfOf = request.getHeader(properties.onBehalfOfHeader());
    if (onBehalfOf != null && (onBehalfOf.isBlank() || !delegate)) {
      onBehalfOf = null;
    }
    return new Caller(
        name,
        groups,
        admin,
        delegate,
        onBehalfOf == null ? null : onBehalfOf.strip(),
        request.getRemoteAddr());
  }

  /** Whether the request names a represented user without being a delegate (refused). */
  public boolean claimsToActForAnother(HttpServletRequest request, Caller caller) {
    String header = request.getHeader(properties.onBehalfOfHeader());
    return header != null && !header.isBlank() && !caller.delegate();
  }

  /**
   * The caller of a handler that changes something; a 401 for an unidentified one, which a route
   * open to the sandbox's anonymous reads lets through to it.
   */
  public static Caller identified(Caller caller) {
    if (caller == null) {
      throw new AuthenticationRequiredException("Authentication required");
    }
    return caller;
  }

  /** The caller authenticated for this request, or null. */
  public static Caller current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication instanceof CallerAuthentication c ? c.caller() : null;
  }
}
