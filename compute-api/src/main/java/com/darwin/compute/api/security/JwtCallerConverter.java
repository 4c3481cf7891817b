package com.darwin.compute.api.security;

import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * JWT mode: the user is the configured claim (e-mail); a client-credentials token, which has no
 * e-mail, is its client id (or subject). Groups come from the configured claim.
 */
final class JwtCallerConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final SecurityProperties.Jwt settings;
  private final Callers callers;

  JwtCallerConverter(SecurityProperties.Jwt settings, Callers callers) {
    this.settings = settings;
    this.callers = callers;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String name = jwt.getClaimAsString(settings.userClaim());
    if (name == null || name.isBlank()) {
      name = jwt.getClaimAsString("client_id");
    }
    if (name == null || name.isBlank()) {
      name = jwt.getSubject();
    }
    if (name == null || name.isBlank()) {
      throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
          "The token names no user (" + settings.userClaim() + ", client_id or sub)");
    }
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    return new CallerAuthentication(callers.of(name, groups(jwt), request));
  }

  private Collection<String> groups(Jwt jwt) {
    Object claim = jwt.getClaims().get(settings.groupsClaim());
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String value && !value.isBlank()) {
      return List.of(value.split("[ ,]+"));
    }
    return List.of();
  }
}
