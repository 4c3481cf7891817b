package com.darwin.compute.api.security;

import com.darwin.compute.api.web.AuthenticationRequiredException;
import com.darwin.compute.api.web.MsdUserArgumentResolver;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.KnownUsers;
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
 * on-behalf-of header. The groups are those of the user whose rights apply ({@link Caller#user()}):
 * a delegate acting for someone carries that user's configured ones, and is an admin only when it
 * and that user both are.
 */
@Component
public class Callers implements KnownUsers {

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
    boolean delegate = mayDelegate && properties.delegates().contains(name);
    String onBehalfOf = request.getHeader(properties.onBehalfOfHeader());
    if (onBehalfOf != null && (onBehalfOf.isBlank() || !delegate)) {
      onBehalfOf = null;
    }
    // Decoded as msd-user is (onBehalfOfProblem refused it when it is not UTF-8).
    onBehalfOf = onBehalfOf == null ? null : MsdUserArgumentResolver.utf8(onBehalfOf).strip();
    // A delegate acting for a user has that user's groups, not its own: the token's groups are
    // the service's (a group granted to the service would reach every user it acts for), and the
    // user's can only come from configuration. Admin needs both: the header is the delegate's
    // word, and naming an admin must not turn every delegate's credential into an admin's.
    Set<String> ownGroups = configuredGroups(name, tokenGroups);
    boolean admin = admin(name, ownGroups);
    Set<String> groups = ownGroups;
    if (onBehalfOf != null) {
      groups = configuredGroups(onBehalfOf, Set.of());
      admin = admin && admin(onBehalfOf, groups);
    }
    return new Caller(name, groups, admin, delegate, onBehalfOf, request.getRemoteAddr());
  }

  /**
   * A user who is not calling (the new owner of a cluster given away), with the groups and admin
   * standing configuration gives them; a token's groups are known only for whoever sent it.
   */
  @Override
  public Caller configured(String name, String source) {
    Set<String> groups = configuredGroups(name, Set.of());
    return new Caller(name, groups, admin(name, groups), false, null, source);
  }

  @Override
  public boolean isDelegate(String name) {
    return properties.delegates().contains(name);
  }

  private Set<String> configuredGroups(String name, Collection<String> tokenGroups) {
    Set<String> groups = new LinkedHashSet<>(tokenGroups);
    for (Map.Entry<String, java.util.List<String>> group : properties.groupMembers().entrySet()) {
      if (group.getValue().contains(name)) {
        groups.add(group.getKey());
      }
    }
    return groups;
  }

  private boolean admin(String name, Set<String> groups) {
    return properties.admins().users().contains(name)
        || properties.admins().groups().stream().anyMatch(groups::contains);
  }

  /**
   * What is wrong with the request's {@code on-behalf-of} header, or null: sent more than once
   * (which one a proxy added cannot be told: the first was taken), or a name no caller can have
   * (too long, control characters), which would be stored with every change made for it.
   */
  public String onBehalfOfProblem(HttpServletRequest request) {
    String header = properties.onBehalfOfHeader();
    var values = request.getHeaders(header);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement();
    if (values.hasMoreElements()) {
      return header + " was sent more than once";
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    String name;
    try {
      // A gateway sends a non-ASCII name as UTF-8, as it does msd-user's.
      name = MsdUserArgumentResolver.utf8(value);
    } catch (RuntimeException e) {
      return header + " is not valid UTF-8";
    }
    String problem = MsdUserArgumentResolver.nameProblem(name.strip());
    return problem == null ? null : header + " " + problem;
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
