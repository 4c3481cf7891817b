package com.darwin.compute.api.web;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new IdentifierGuard());
  }

  /**
   * Every route also answers with a trailing slash, as FastAPI did (the in-cluster darwin SDK reads
   * {@code GET /cluster/{id}/}). The request is handled as if it had no slash, not redirected: a
   * client that does not follow redirects on POST would otherwise fail. First in the chain, so
   * every later filter (security rules included) sees the one path.
   */
  @Bean
  FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
    var registration =
        new FilterRegistrationBean<>(
            UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * Answers that fit the response buffer leave in one write ({@link SingleWriteResponseFilter}).
   */
  @Bean
  FilterRegistrationBean<SingleWriteResponseFilter> singleWriteResponseFilter() {
    var registration = new FilterRegistrationBean<>(new SingleWriteResponseFilter());
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Routes are looked up with {@link FirstSegmentHandlerMapping}'s shortcut. */
  @Bean
  WebMvcRegistrations firstSegmentHandlerMapping() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new FirstSegmentHandlerMapping();
      }
    };
  }
}
