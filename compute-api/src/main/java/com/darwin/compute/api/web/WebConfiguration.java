package com.darwin.compute.api.web;

import com.darwin.compute.core.json.JsonModules;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  /**
   * The identifier guard first: a malformed id is a 404 before the route's access rule looks the
   * cluster up (whose collation would find it under a trailing space and answer a 403 for it).
   */
  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new IdentifierGuard()).order(Ordered.HIGHEST_PRECEDENCE);
  }

  /**
   * Ahead of the exception advice: an error after the answer began is not answered again (see
   * {@link CommittedAnswerResolver}).
   */
  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    resolvers.add(0, new CommittedAnswerResolver());
  }

  /**
   * No JAXB converter: it is registered only because JAXB is on the class path (for Hibernate), no
   * route reads or writes XML, and it can convert only {@code @XmlRootElement} types, of which
   * there are none. Yet every answer with a body asked it, while choosing the content type, whether
   * it could write the value, an annotation search of the value's class each time (a percent of a
   * search's request-thread CPU in B3's profile). Without it, every answer and refusal is the same
   * (XML was never producible, so {@code Accept: application/xml} stays a 406).
   */
  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.removeIf(Jaxb2RootElementHttpMessageConverter.class::isInstance);
  }

  /** In place of Boot's form-body filter, which backs off for it. */
  @Bean
  FormBodyFilter formContentFilter() {
    return new FormBodyFilter();
  }

  /**
   * Answers and bodies read and written with the service's Jackson modules ({@link JsonModules}:
   * instants, records, statuses), as Elasticsearch's mapper is.
   */
  @Bean
  JsonMapperBuilderCustomizer serviceJsonModules() {
    return builder -> builder.addModules(JsonModules.all());
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

  /**
   * Routes are looked up with {@link FirstSegmentHandlerMapping}'s shortcut, and return values
   * handled by {@link ReturnHandlersDecidedOnce}.
   */
  @Bean
  WebMvcRegistrations firstSegmentHandlerMapping() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new FirstSegmentHandlerMapping();
      }

      @Override
      public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
        return new ReturnHandlersDecidedOnce();
      }
    };
  }
}
