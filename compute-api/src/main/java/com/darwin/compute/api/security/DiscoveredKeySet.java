package com.darwin.compute.api.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issuer's key set when only its address is configured: {@code jwks_uri} is read from the
 * issuer's OpenID configuration on first use (not at start-up, so the service starts while the
 * issuer is down), and then the key set is read as {@link TokenDecoder#keySet} reads a configured
 * one. A failed discovery is tried again no sooner than {@link TokenDecoder#REFETCH_INTERVAL}
 * later: until then tokens are refused (401) without a request to the issuer.
 */
final class DiscoveredKeySet implements JWKSource<SecurityContext> {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final String issuer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private volatile JWKSource<SecurityContext> keySet;
  private boolean failed;
  private long lastFailure;

  DiscoveredKeySet(String issuer) {
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSource<SecurityContext> source = keySet;
    if (source == null) {
      source = discover();
    }
    return source.get(selector, context);
  }

  private synchronized JWKSource<SecurityContext> discover() throws KeySourceException {
    if (keySet != null) {
      return keySet;
    }
    long now = System.nanoTime();
    if (failed && now - lastFailure < TokenDecoder.REFETCH_INTERVAL.toNanos()) {
      throw new KeySourceException(
          "The issuer's configuration could not be read just now; not asked again yet");
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                  .timeout(TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode configuration = response.statusCode() == 200 ? json.readTree(response.body()) : null;
      JsonNode uri = configuration == null ? null : configuration.get("jwks_uri");
      JsonNode named = configuration == null ? null : configuration.get("issuer");
      if (uri == null || !uri.isString() || named == null || !sameIssuer(named.asString())) {
        throw new IOException(
            "no jwks_uri for issuer " + issuer + " (HTTP " + response.statusCode() + ")");
      }
      keySet = TokenDecoder.keySet(uri.asString());
      return keySet;
    } catch (IOException | JacksonException | IllegalStateException e) {
      failed = true;
      lastFailure = now;
      throw new KeySourceException("The issuer's configuration could not be read: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed = true;
      lastFailure = now;
      throw new KeySourceException("Interrupted while reading the issuer's configuration", e);
    }
  }

  private boolean sameIssuer(String named) {
    String trimmed = named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
    return trimmed.equals(issuer);
  }
}
