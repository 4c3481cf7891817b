package com.darwin.compute.api.security;

import com.darwin.compute.api.security.SecurityProperties.Mode;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Authentication only: who the caller is (bearer token or gateway header), Actuator for admins (but
 * health and the Prometheus scrape, open to all), the per-caller rate limit. What a caller may do
 * on a route is decided by the route's rule ({@link RouteRuleInterceptor}), which sits where the
 * cluster id is known.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
  static final List<String> LOOPBACK = List.of("127.0.0.1/32", "::1/128");

  /**
   * No observation per security filter: {@code http.server.requests} already times every request,
   * and wrapping each of the chain's filters in its own observation (a timer lookup with sorted
   * tags per filter, twice per request) was a fifth of a read's CPU in B1's profile.
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      SecurityProperties properties,
      Environment environment,
      Callers callers,
      FilterErrors errors)
      throws Exception {
    Mode mode = chooseMode(properties, environment);
    http.csrf(c -> c.disable())
        .cors(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        // Per request, only what a stateless JSON API uses: no anonymous token (a caller is
        // CallerAuthentication or nobody, and the actuator rule answers 401 to nobody as it did to
        // the anonymous token), no servlet API wrapper (nothing asks the request for its
        // principal), and the default security headers written once up front instead of through
        // a response wrapper watching for the commit (no handler sets those headers itself).
        .anonymous(a -> a.disable())
        .servletApi(s -> s.disable())
        .headers(
            h ->
                h.withObjectPostProcessor(
                    new ObjectPostProcessor<HeaderWriterFilter>() {
                      @Override
                      public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                      }
                    }))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, failure) ->
                            errors.write(
                                response,
                                401,
                                "UNAUTHENTICATED",
                                "Authentication required: " + failure.getMessage()))
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            errors.write(
                                response, 403, "FORBIDDEN", "This endpoint needs the admin role")))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // Prometheus scrapes each pod directly, not through the gateway, so it is never
                    // an identified caller. The meters carry no user data: their tags are fixed
                    // words (status, outcome, reason, job, drift) and route templates, never a
                    // cluster id or a user (ObservabilityIT); keep it so when adding a meter.
                    .requestMatchers("/actuator/prometheus")
                    .permitAll()
                    .requestMatchers("/actuator", "/actuator/**")
                    .hasRole("ADMIN")
                    // Every other route has its own rule (@PublicRoute, @CallerRoute, ...).
                    .anyRequest()
                    .permitAll());
    if (mode == Mode.JWT) {
      JwtCallerConverter converter = new JwtCallerConverter(properties.jwt(), callers);
      http.oauth2ResourceServer(
          o ->
              o.jwt(
                      j ->
                          j.decoder(TokenDecoder.of(properties.jwt()))
                              .jwtAuthenticationConverter(converter))
                  .authenticationEntryPoint(
                      (request, response, failure) ->
                          errors.write(
                              response,
                              401,
                              "INVALID_TOKEN",
                              "The bearer token was rejected: " + failure.getMessage())));
    } else {
      http.addFilterBefore(
          new GatewayHeaderFilter(headerSettings(properties, environment), callers, errors),
          AnonymousAuthenticationFilter.class);
    }
    http.addFilterAfter(
        new RateLimitFilter(properties.rateLimit(), errors), AnonymousAuthenticationFilter.class);
    return http.build();
  }

  /**
   * The configured mode. Only the sandbox (a developer's machine, the tests) may leave it unset,
   * and then gets header mode trusting loopback; anything else must say how callers are identified,
   * or it would be open to anyone who can reach it.
   */
  private static Mode chooseMode(SecurityProperties properties, Environment environment) {
    boolean sandbox = environment.getProperty("sandbox.enabled", Boolean.class, false);
    Mode mode = properties.mode();
    if (mode == null && !sandbox) {
      throw new IllegalStateException(
          "compute.security.mode is not set: choose jwt (bearer tokens from your identity"
              + " provider, compute.security.jwt.*) or header (msd-user from the Darwin gateway,"
              + " compute.security.header.trusted-proxies)");
    }
    if (mode == null) {
      mode = Mode.HEADER;
    }
    if (properties.anonymousReads() && !sandbox) {
      throw new IllegalStateException(
          "compute.security.anonymous-reads is for the sandbox only: it lets anyone who reaches"
              + " the service read every cluster");
    }
    if (properties.bodyUserWhenAnonymous() && !sandbox) {
      throw new IllegalStateException(
          "compute.security.body-user-when-anonymous is for the sandbox only: it lets a create"
              + " without identity name any owner");
    }
    if (mode == Mode.JWT
        && properties.jwt().jwkSetUri() == null
        && properties.jwt().issuerUri() == null) {
      throw new IllegalStateException(
          "compute.security.mode=jwt needs compute.security.jwt.jwk-set-uri or issuer-uri");
    }
    if (mode == Mode.JWT && properties.jwt().audience() == null && !sandbox) {
      log.warn(
          "compute.security.jwt.audience is not set: any token of the issuer is accepted, also one"
              + " it made for another application");
    }
    if (mode == Mode.HEADER
        && !sandbox
        && (properties.header().secret() == null || properties.header().secret().isEmpty())) {
      log.warn(
          "compute.security.header.secret is not set: msd-user is believed from any process that"
              + " can send from {}, not only from the gateway",
          properties.header().trustedProxies());
    }
    if (mode == Mode.HEADER && headerSettings(properties, environment).trustedProxies().isEmpty()) {
      throw new IllegalStateException(
          "compute.security.mode=header needs compute.security.header.trusted-proxies (the"
              + " gateway's addresses, as CIDRs)");
    }
    log.info(
        "Callers are identified by {}; admins {} {}; delegates {}{}; rate limit {}",
        mode == Mode.JWT
            ? "bearer tokens (jwks "
                + properties.jwt().jwkSetUri()
                + ", issuer "
                + properties.jwt().issuerUri()
                + ", user claim "
                + properties.jwt().userClaim()
                + ", groups claim "
                + properties.jwt().groupsClaim()
                + ")"
            : "the msd-user header from "
                + headerSettings(properties, environment).trustedProxies()
                + (properties.header().secret() == null ? "" : " with the gateway secret"),
        properties.admins().users(),
        properties.admins().groups(),
        properties.delegates(),
        (properties.bodyUserWhenAnonymous()
                ? "; SANDBOX: a create without msd-user is made by the body's user"
                : "")
            + (properties.anonymousReads() ? "; SANDBOX: reads need no identity" : ""),
        properties.rateLimit().requestsPerSecond() > 0
            ? properties.rateLimit().requestsPerSecond() + "/s per caller"
            : "off");
    log.info(
        "Clusters can be changed by their owner, the users and groups they are shared with,"
            + " admins and delegates; reads need an identified caller");
    return mode;
  }

  private static SecurityProperties.Header headerSettings(
      SecurityProperties properties, Environment environment) {
    SecurityProperties.Header header = properties.header();
    boolean sandbox = environment.getProperty("sandbox.enabled", Boolean.class, false);
    if (header.trustedProxies().isEmpty() && sandbox) {
      return new SecurityProperties.Header(LOOPBACK, header.secretHeader(), header.secret());
    }
    return header;
  }
}
