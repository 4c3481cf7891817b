package com.darwin.compute.api.security;

import com.darwin.compute.core.access.ClusterAccessService;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class SecurityWebConfiguration implements WebMvcConfigurer {

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
