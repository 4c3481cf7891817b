package com.darwin.compute.api.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are identified and who is trusted with more than their own clusters.
 *
 * @param mode {@code jwt} (bearer tokens) or {@code header} (the Darwin gateway's {@code
 *     msd-user}); a deployment without the sandbox refuses to start when it is not set
 * @param admins users and groups that may change every cluster and read Actuator
 * @param delegates services that act for users (the workspace service; {@code sdk} in the sandbox):
 *     trusted with every cluster and with naming another owner; the timeline records both
 *     identities when they send {@code on-behalf-of-header}
 * @param onBehalfOfHeader the header a delegate names the user it acts for in
 * @param groupMembers groups defined here rather than by the identity provider (the only groups in
 *     header mode)
 * @param bodyUserWhenAnonymous only for the sandbox: a create without identity is made by the
 *     body's {@code user} (the Darwin README's curl and the Python SDK send no header)
 * @param anonymousReads only for the sandbox: reads ({@code @CallerRoute}) need no identity, as the
 *     Python SDK's reads send none; credential-looking values stay masked for them
 */
@ConfigurationProperties("compute.security")
public record SecurityProperties(
    Mode mode,
    @DefaultValue Jwt jwt,
    @DefaultValue Header header,
    @DefaultValue Principals admins,
    List<String> delegates,
    @DefaultValue("on-behalf-of") String onBehalfOfHeader,
    Map<String, List<String>> groupMembers,
    @DefaultValue("false") boolean bodyUserWhenAnonymous,
    @DefaultValue("false") boolean anonymousReads,
    @DefaultValue RateLimit rateLimit) {

  public SecurityProperties {
    delegates = delegates == null ? List.of() : List.copyOf(delegates);
    groupMembers = groupMembers == null ? Map.of() : Map.copyOf(groupMembers);
  }

  public enum Mode {
    JWT,
    HEADER
  }

  /**
   * @param issuerUri checked against the token's {@code iss} when set
   * @param jwkSetUri where the issuer's signing keys are published
   * @param userClaim the claim naming the user (client-credentials tokens: {@code client_id} or
   *     {@code sub} is used when it is absent)
   * @param groupsClaim the claim listing the caller's groups
   * @param audience required in the token's {@code aud} when set
   */
  public record Jwt(
      String issuerUri,
      String jwkSetUri,
      @DefaultValue("email") String userClaim,
      @DefaultValue("groups") String groupsClaim,
      String audience,
      @DefaultValue("30s") Duration clockSkew) {

    public Jwt {
      // The Helm chart passes an unset address as an empty variable: unset, not an address "".
      issuerUri = blankToNull(issuerUri);
      jwkSetUri = blankToNull(jwkSetUri);
      audience = blankToNull(audience);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /**
   * @param trustedProxies the gateway's addresses (CIDRs); msd-user from anywhere else is a 401
   * @param secretHeader the header carrying the shared gateway secret
   * @param secret when set, a request must carry it in {@code secret-header} to be trusted
   */
  public record Header(
      List<String> trustedProxies,
      @DefaultValue("x-gateway-secret") String secretHeader,
      String secret) {

    public Header {
      trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
  }

  public record Principals(List<String> users, List<String> groups) {
    public Principals {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  /**
   * A token bucket per caller (per address for unidentified requests).
   *
   * @param requestsPerSecond refill rate; 0 turns the limit off
   * @param burst bucket size
   */
  public record RateLimit(
      @DefaultValue("0") double requestsPerSecond, @DefaultValue("50") int burst) {}
}
