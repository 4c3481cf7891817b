package com.darwin.compute.api.security;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.domain.Actor;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class SecurityWebConfiguration implements WebMvcConfigurer {

  static {
    // The caller comes from the credentials, not from parameters: keep it out of the OpenAPI doc.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, Actor.class);
  }

  private final SecurityProperties properties;
  private final Callers callers;
  private final ClusterAccessService access;

  SecurityWebConfiguration(
      SecurityProperties properties, Callers callers, ClusterAccessService access) {
    this.properties = properties;
    this.callers = callers;
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new RouteRuleInterceptor(properties, callers, access));
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerArgumentResolver());
  }
}
