package com.darwin.compute.api.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.URI;
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

  private final String issuer;
  private final JsonMapper json = JsonMapper.builder().build();
  private volatile JWKSource<SecurityContext> keySet;
  // When discovery last failed (System.nanoTime), or null.
  private Long lastFailure;

  DiscoveredKeySet(String issuer) {
    this.issuer = withoutTrailingSlash(issuer);
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
    if (lastFailure != null && now - lastFailure < TokenDecoder.REFETCH_INTERVAL.toNanos()) {
      throw new KeySourceException(
          "The issuer's configuration could not be read just now; not asked again yet");
    }
    try {
      // Bounded in time and size (a JDK client's timeout stops at the headers: an issuer sending
      // its body a byte a second would hold this lock, and every request behind it, for minutes).
      Resource document =
          TokenDecoder.retriever()
              .retrieveResource(URI.create(issuer + "/.well-known/openid-configuration").toURL());
      JsonNode configuration = json.readTree(document.getContent());
      JsonNode uri = configuration == null ? null : configuration.get("jwks_uri");
      JsonNode named = configuration == null ? null : configuration.get("issuer");
      if (uri == null
          || !uri.isString()
          || named == null
          || !issuer.equals(withoutTrailingSlash(named.asString()))) {
        throw new IOException("no jwks_uri for issuer " + issuer);
      }
      keySet = TokenDecoder.keySet(uri.asString());
      return keySet;
    } catch (IOException | JacksonException | IllegalArgumentException | IllegalStateException e) {
      lastFailure = now;
      throw new KeySourceException("The issuer's configuration could not be read: " + e, e);
    }
  }

  private static String withoutTrailingSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }
}
