package com.darwin.compute.api.security;

import com.darwin.compute.api.web.MsdUserArgumentResolver;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * JWT mode: a token with the configured user claim (e-mail) is that user's, and only a user's: a
 * delegate's standing comes only with a token that names no user (client credentials), as its
 * client id, else its subject, so that no user whose e-mail reads like a delegate's name is one.
 * The name is checked as an {@code msd-user} e-mail is. Groups come from the configured claim: a
 * list, or one group as a string (never split: "not darwin-admins" is not two groups).
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
    boolean user = jwt.hasClaim(settings.userClaim());
    String name =
        user
            ? jwt.getClaimAsString(settings.userClaim())
            : firstNonBlank(jwt.getClaimAsString("client_id"), jwt.getSubject());
    if (name == null || name.isBlank()) {
      throw new InvalidBearerTokenException(
          user
              ? "The token's " + settings.userClaim() + " is blank"
              : "The token names no user (" + settings.userClaim() + ", client_id or sub)");
    }
    String problem = MsdUserArgumentResolver.nameProblem(name);
    if (problem != null) {
      throw new InvalidBearerTokenException(
          "The token's " + (user ? settings.userClaim() : "client name") + " " + problem);
    }
    if (user
        && "email".equals(settings.userClaim())
        && Boolean.FALSE.equals(jwt.getClaimAsBoolean("email_verified"))) {
      // Where users may set an address they do not own, an unverified one would be anyone's
      // identity, an admin's too (admins are named by address).
      throw new InvalidBearerTokenException("The token's email is not verified (email_verified)");
    }
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    String onBehalfOf = callers.onBehalfOfProblem(request);
    if (onBehalfOf != null) {
      throw new InvalidBearerTokenException(onBehalfOf);
    }
    return new CallerAuthentication(callers.of(name, groups(jwt), request, !user));
  }

  private static String firstNonBlank(String first, String second) {
    return first != null && !first.isBlank() ? first : second;
  }

  private Collection<String> groups(Jwt jwt) {
    Object claim = jwt.getClaims().get(settings.groupsClaim());
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String value && !value.isBlank()) {
      return List.of(value);
    }
    return List.of();
  }
}
