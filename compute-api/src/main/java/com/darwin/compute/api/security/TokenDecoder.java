package com.darwin.compute.api.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * JWT mode's decoder. The issuer's key set is fetched again for a token whose key id it does not
 * know (a key rotation), but at most once per {@link #REFETCH_INTERVAL}: a stream of tokens with
 * made-up key ids, which need no valid signature, would otherwise make the service fetch it once
 * per request. A token whose key cannot be found or fetched is a 401 (its signature cannot be
 * checked), not a 500; tokens of known keys are checked from the cached set meanwhile. With only an
 * issuer configured, the key set's address is discovered from it on first use ({@link
 * DiscoveredKeySet}).
 */
final class TokenDecoder {

  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);
  private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
  private static final List<SignatureAlgorithm> ASYMMETRIC =
      List.of(
          SignatureAlgorithm.RS256,
          SignatureAlgorithm.RS384,
          SignatureAlgorithm.RS512,
          SignatureAlgorithm.PS256,
          SignatureAlgorithm.PS384,
          SignatureAlgorithm.PS512,
          SignatureAlgorithm.ES256,
          SignatureAlgorithm.ES384,
          SignatureAlgorithm.ES512);
  private static final Duration CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
  // How long a request waits for another's refresh of the key set (Nimbus's default is 15 s).
  private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(3);

  private TokenDecoder() {}

  static JwtDecoder of(SecurityProperties.Jwt settings) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSource(
                settings.jwkSetUri() != null
                    ? keySet(settings.jwkSetUri())
                    : new DiscoveredKeySet(settings.issuerUri()))
            // The issuer's choice among the asymmetric algorithms (a key only verifies its own
            // type's); never a shared-secret one.
            .jwsAlgorithms(algorithms -> algorithms.addAll(ASYMMETRIC))
            .build();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator(settings.clockSkew()));
    // A token without an expiry would be valid forever.
    validators.add(new JwtClaimValidator<Object>("exp", Objects::nonNull));
    if (settings.issuerUri() != null) {
      validators.add(new JwtIssuerValidator(settings.issuerUri()));
    }
    if (settings.audience() != null) {
      validators.add(new JwtAudienceValidator(settings.audience()));
    }
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return token -> {
      try {
        return decoder.decode(token);
      } catch (BadJwtException e) {
        throw e;
      } catch (JwtException e) {
        if (causedBy(e, KeySourceException.class)) {
          throw new BadJwtException(
              "its signing key is not in the issuer's key set, which could not be fetched again"
                  + " just now",
              e);
        }
        throw e;
      }
    };
  }

  static JWKSource<SecurityContext> keySet(String uri) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(URI.create(uri).toURL(), retriever())
          .cache(CACHE_TIME_TO_LIVE.toMillis(), REFRESH_TIMEOUT.toMillis())
          .rateLimited(REFETCH_INTERVAL.toMillis())
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException("compute.security.jwt.jwk-set-uri is not a URL: " + uri, e);
    }
  }

  /** Reads the issuer's documents: bounded in time (connect, each read) and in size. */
  static DefaultResourceRetriever retriever() {
    return new DefaultResourceRetriever(
        (int) HTTP_TIMEOUT.toMillis(), (int) HTTP_TIMEOUT.toMillis(), MAX_DOCUMENT_BYTES);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
