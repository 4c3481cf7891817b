package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The issuer is asked for its key set rarely, whatever the tokens' key ids, and a key that cannot
 * be found or fetched is a bad token (a 401), never a server error; with only an issuer configured,
 * the key set's address is discovered once. The issuer is a JDK HttpServer here.
 */
class TokenDecoderTest {

  private static RSAKey key;
  private static RSAKey stranger;
  private HttpServer issuer;
  private String base;
  private final AtomicInteger discoveries = new AtomicInteger();
  private final AtomicInteger keySetFetches = new AtomicInteger();
  private volatile boolean down;
  private volatile JWKSet published;

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("other").generate();
  }

  @BeforeEach
  void start() throws IOException {
    published = new JWKSet(key.toPublicJWK());
    issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + issuer.getAddress().getPort();
    issuer.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          discoveries.incrementAndGet();
          reply(exchange, "{\"issuer\": \"" + base + "\", \"jwks_uri\": \"" + base + "/jwks\"}");
        });
    issuer.createContext(
        "/jwks",
        exchange -> {
          keySetFetches.incrementAndGet();
          reply(exchange, published.toString());
        });
    issuer.start();
  }

  private void reply(HttpExchange exchange, String body) throws IOException {
    if (down) {
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    issuer.stop(0);
  }

  private String token(RSAKey signer, String keyId) throws Exception {
    return token(new RSASSASigner(signer), JWSAlgorithm.RS256, keyId);
  }

  private String token(JWSSigner signer, JWSAlgorithm algorithm, String keyId) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(algorithm).keyID(keyId).build(),
            new JWTClaimsSet.Builder()
                .issuer(base)
                .claim("email", "alice@example.com")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private JwtDecoder decoder(boolean issuerOnly) {
    // "" is how the Helm chart passed an address it was not given: unset, not an address.
    return TokenDecoder.of(
        new SecurityProperties.Jwt(
            base, issuerOnly ? "" : base + "/jwks", "email", "groups", " ", Duration.ZERO));
  }

  @Test
  void withOnlyAnIssuerItsKeySetIsDiscoveredOnceAndUnknownKeysFetchItRarely() throws Exception {
    JwtDecoder decoder = decoder(true);
    assertThat(decoder.decode(token(key, "k1")).getClaimAsString("email"))
        .isEqualTo("alice@example.com");
    for (int i = 0; i < 30; i++) {
      String unknown = token(stranger, "unknown-" + i);
      assertThatThrownBy(() -> decoder.decode(unknown)).isInstanceOf(BadJwtException.class);
    }
    assertThat(discoveries.get()).isEqualTo(1);
    assertThat(keySetFetches.get()).isBetween(1, 3);
    assertThat(decoder.decode(token(key, "k1")).getClaimAsString("email"))
        .isEqualTo("alice@example.com");
  }

  @Test
  void anIssuerThatIsDownMeansBadTokensNotErrorsAndIsNotAskedAgainAtOnce() throws Exception {
    down = true;
    JwtDecoder discovered = decoder(true);
    JwtDecoder configured = decoder(false);
    for (int i = 0; i < 5; i++) {
      String token = token(key, "k1");
      assertThatThrownBy(() -> discovered.decode(token)).isInstanceOf(BadJwtException.class);
      assertThatThrownBy(() -> configured.decode(token)).isInstanceOf(BadJwtException.class);
    }
    assertThat(discoveries.get()).isEqualTo(1);
    assertThat(keySetFetches.get()).isBetween(1, 2);
  }

  @Test
  void aRotatedKeyIsPickedUpAndEllipticCurveKeysAreAccepted() throws Exception {
    for (boolean issuerOnly : new boolean[] {true, false}) {
      published = new JWKSet(key.toPublicJWK());
      JwtDecoder decoder = decoder(issuerOnly);
      assertThat(decoder.decode(token(key, "k1")).getSubject()).isNull();
      ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("ec-" + issuerOnly).generate();
      published = new JWKSet(List.of(key.toPublicJWK(), rotated.toPublicJWK()));
      String signed = token(new ECDSASigner(rotated), JWSAlgorithm.ES256, rotated.getKeyID());
      assertThat(decoder.decode(signed).getClaimAsString("email")).isEqualTo("alice@example.com");
    }
  }
}
