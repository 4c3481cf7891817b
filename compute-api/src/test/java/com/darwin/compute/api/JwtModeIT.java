package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWT mode end to end: a token issuer in the test (its JWKS served over HTTP, tokens signed with
 * its key), the real application validating them. Owner, shared user, another user, admin (by
 * group), a client-credentials delegate, and expired, forged and missing tokens. A context of its
 * own on the shared servers (its own empty database and index), not a JVM of its own.
 */
@OwnContext
@TestPropertySource(
    properties = {
      "compute.security.mode=jwt",
      "compute.security.jwt.issuer-uri=" + JwtModeIT.ISSUER,
      "compute.security.body-user-when-anonymous=false",
      "compute.security.delegates=workspace-client"
    })
class JwtModeIT extends ApiIntegrationTest {

  static final String ISSUER = "https://issuer.test";
  private static HttpServer jwks;
  private static RSAKey key;
  private static RSAKey otherKey;
  private static final java.util.concurrent.atomic.AtomicInteger keySetFetches =
      new java.util.concurrent.atomic.AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  /** Before the context: the issuer's key set is where the application will look for it. */
  @DynamicPropertySource
  static void issuer(DynamicPropertyRegistry registry) throws Exception {
    key = new RSAKeyGenerator(2048).keyID("test-key").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
    byte[] published = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/jwks",
        exchange -> {
          keySetFetches.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, published.length);
          exchange.getResponseBody().write(published);
          exchange.close();
        });
    jwks.start();
    registry.add(
        "compute.security.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
  }

  @AfterAll
  static void stop() {
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  private static String token(RSAKey signer, JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
            claims.issuer(ISSUER).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private static String user(String email, String... groups) throws Exception {
    return token(
        key,
        new JWTClaimsSet.Builder()
            .subject(email)
            .claim("email", email)
            .claim("groups", List.of(groups))
            .expirationTime(Date.from(Instant.now().plusSeconds(300))));
  }

  private record Reply(int status, JsonNode body) {
    String code() {
      return body.get("data").get("code").asString();
    }
  }

  private Reply call(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(), response.body().isBlank() ? null : json.readTree(response.body()));
  }

  private String aliceCluster(String alice) throws Exception {
    String body =
        ClusterRequests.stoppedQuickStart("jwt-" + Long.toString(System.nanoTime(), 36))
            .replace("\"user@example.com\"", "\"alice@example.com\"");
    Reply created = call("POST", "/cluster", alice, body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return created.body().get("data").get("cluster_id").asString();
  }

  @Test
  void badMissingExpiredAndForgedTokensAre401() throws Exception {
    Reply none = call("POST", "/cluster/search", null, "{}");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
    // A valid token is let through: the search answers once this fresh JVM's index is ready
    // (503 until then, which is about Elasticsearch, not the token).
    String alice = user("alice@example.com");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(call("POST", "/cluster/search", alice, "{}").status()).isEqualTo(200));

    Reply garbage = call("POST", "/cluster/search", "garbage", "{}");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.code()).isEqualTo("INVALID_TOKEN");

    String expired =
        token(
            key,
            new JWTClaimsSet.Builder()
                .claim("email", "alice@example.com")
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
    assertThat(call("POST", "/cluster/search", expired, "{}").status()).isEqualTo(401);

    String forged =
        token(
            otherKey,
            new JWTClaimsSet.Builder()
                .claim("email", "admin@example.com")
                .claim("groups", List.of("darwin-admins"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300))));
    Reply forgedReply = call("POST", "/cluster/search", forged, "{}");
    assertThat(forgedReply.status()).isEqualTo(401);
    assertThat(forgedReply.body().get("status").asString()).isEqualTo("ERROR");

    // An address the identity provider says is not the user's is nobody's identity.
    String unverified =
        token(
            key,
            new JWTClaimsSet.Builder()
                .claim("email", "admin@example.com")
                .claim("email_verified", false)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))));
    Reply unverifiedReply = call("POST", "/cluster/search", unverified, "{}");
    assertThat(unverifiedReply.status()).isEqualTo(401);
    assertThat(unverifiedReply.body().toString()).contains("not verified");
    String verified =
        token(
            key,
            new JWTClaimsSet.Builder()
                .claim("email", "alice@example.com")
                .claim("email_verified", true)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))));
    assertThat(call("POST", "/cluster/search", verified, "{}").status()).isEqualTo(200);

    // msd-user means nothing in jwt mode.
    Reply header =
        call("POST", "/cluster/search", null, "{}", "msd-user", "{\"email\": \"a@example.com\"}");
    assertThat(header.status()).isEqualTo(401);
    assertThat(call("GET", "/health", null, null).status()).isEqualTo(200);
  }

  @Test
  void ownerSharedUserOtherUserAdminAndDelegate() throws Exception {
    String alice = user("alice@example.com");
    String bob = user("bob@example.com");
    String carol = user("carol@example.com", "ml-team");
    String admin = user("root@example.com", "darwin-admins");
    String id = aliceCluster(alice);

    Reply bobStarts = call("POST", "/cluster/start-cluster/" + id, bob, null);
    assertThat(bobStarts.status()).isEqualTo(403);
    assertThat(bobStarts.body().get("message").asString()).contains("belongs to alice@example.com");

    assertThat(
            call(
                    "PUT",
                    "/cluster/" + id + "/permissions",
                    alice,
                    "{\"kind\": \"group\", \"principal\": \"ml-team\", \"level\": \"can_restart\"}")
                .status())
        .isEqualTo(200);
    assertThat(call("POST", "/cluster/start-cluster/" + id, carol, null).status()).isEqualTo(202);
    Reply carolDeletes = call("DELETE", "/cluster/" + id, carol, null);
    assertThat(carolDeletes.status()).isEqualTo(403);
    assertThat(carolDeletes.body().get("message").asString()).contains("needs can_manage");

    assertThat(call("POST", "/cluster/stop-cluster/" + id, admin, null).status()).isEqualTo(202);

    // A client-credentials token (no e-mail) of a configured delegate, acting for alice.
    String client =
        token(
            key,
            new JWTClaimsSet.Builder()
                .subject("workspace-client")
                .claim("client_id", "workspace-client")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))));
    Reply delegated =
        call(
            "POST",
            "/cluster/start-cluster/" + id,
            client,
            null,
            "on-behalf-of",
            "alice@example.com");
    assertThat(delegated.status()).isEqualTo(202);
    Reply events = call("GET", "/cluster/" + id + "/events?page_size=100", bob, null);
    assertThat(events.body().toString()).contains("alice@example.com via workspace-client");

    Reply forBob =
        call(
            "POST",
            "/cluster",
            alice,
            ClusterRequests.quickStart("jwt-bob")
                .replace("\"user@example.com\"", "\"bob@example.com\""));
    assertThat(forBob.status()).isEqualTo(403);
  }

  private static String token(JWTClaimsSet.Builder claims) throws Exception {
    return token(key, claims.expirationTime(Date.from(Instant.now().plusSeconds(300))));
  }

  /** A user's token (subject and e-mail {@code email}) with one more claim. */
  private static String withClaim(String email, String claim, Object value) throws Exception {
    return token(
        new JWTClaimsSet.Builder().subject(email).claim("email", email).claim(claim, value));
  }

  @Test
  void aUsersTokenIsAUsersOnlyAndItsNameAndGroupsAreTakenAsTheyAre() throws Exception {
    String alice = user("alice@example.com");
    String id = aliceCluster(alice);
    // A user whose e-mail reads as the delegate's name is a user, not the delegate.
    String lookalike =
        token(new JWTClaimsSet.Builder().subject("u123").claim("email", "workspace-client"));
    Reply started = call("POST", "/cluster/start-cluster/" + id, lookalike, null);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(403);
    Reply onBehalf =
        call(
            "POST",
            "/cluster/start-cluster/" + id,
            lookalike,
            null,
            "on-behalf-of",
            "alice@example.com");
    assertThat(onBehalf.status()).isEqualTo(403);
    // A blank user claim is not a missing one (no falling back to the client id), and a name is
    // one line of at most 255 characters, as an msd-user e-mail.
    for (String name : List.of("  ", "eve@example.com\nRefused: bob", "e".repeat(300) + "@x.io")) {
      String odd = withClaim(name, "client_id", "workspace-client");
      Reply oddReply = call("POST", "/cluster/stop-cluster/" + id, odd, null);
      assertThat(oddReply.status()).as(name).isEqualTo(401);
      assertThat(oddReply.code()).isEqualTo("INVALID_TOKEN");
    }
    // A groups claim given as a string is one group, not words to split.
    for (String groups : List.of("not darwin-admins", "ml,darwin-admins")) {
      String mallory = withClaim("mallory@example.com", "groups", groups);
      assertThat(call("GET", "/actuator/info", mallory, null).status()).as(groups).isEqualTo(403);
    }
    String admin = withClaim("root@example.com", "groups", "darwin-admins");
    assertThat(call("GET", "/actuator/health", admin, null).status()).isEqualTo(200);
    assertThat(call("POST", "/cluster/start-cluster/" + id, admin, null).status()).isEqualTo(202);
  }

  @Test
  void tokensWithUnknownKeysAre401AndFetchTheKeySetRarely() throws Exception {
    // The known key is cached by a first valid request.
    String alice = user("alice@example.com");
    assertThat(call("GET", "/cluster/no-such-id", alice, null).status()).isEqualTo(404);
    int before = keySetFetches.get();
    long began = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      // Any key will do: the key id is what is looked up.
      String unknown =
          token(
              new RSAKey.Builder(otherKey).keyID("unknown-" + i).build(),
              new JWTClaimsSet.Builder()
                  .claim("email", "alice@example.com")
                  .expirationTime(Date.from(Instant.now().plusSeconds(300))));
      Reply reply = call("GET", "/cluster/no-such-id", unknown, null);
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.code()).isEqualTo("INVALID_TOKEN");
    }
    // At most two fetches per 10 s window (Nimbus's rate limit), not one per token: 30 before.
    long windows = 1 + Duration.ofNanos(System.nanoTime() - began).toSeconds() / 10;
    assertThat(keySetFetches.get() - before).isLessThanOrEqualTo((int) (2 * windows));
    assertThat(call("GET", "/cluster/no-such-id", alice, null).status()).isEqualTo(404);
  }
}
