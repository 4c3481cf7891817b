package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** The converters MVC chooses among for bodies, and the answers when none fits. */
class MessageConvertersIT extends ApiIntegrationTest {

  @Autowired RequestMappingHandlerAdapter adapter;

  @Test
  void jsonIsConvertedAndJaxbIsNotAsked() {
    assertThat(adapter.getMessageConverters())
        .noneMatch(Jaxb2RootElementHttpMessageConverter.class::isInstance)
        .anyMatch(JacksonJsonHttpMessageConverter.class::isInstance);
  }

  @Test
  void everyReturnValueHandlerDecidesOncePerReturnType() {
    assertThat(adapter).isInstanceOf(ReturnHandlersDecidedOnce.class);
    assertThat(adapter.getReturnValueHandlers())
        .isNotEmpty()
        .allMatch(ReturnHandlersDecidedOnce.DecidedOnce.class::isInstance);
  }

  @Test
  void xmlIsStillNeitherAcceptedNorProduced() throws Exception {
    HttpResponse<String> xmlWanted =
        post("application/json", "application/xml", "{\"page_size\": 1}");
    assertThat(xmlWanted.statusCode()).as(xmlWanted.body()).isEqualTo(406);

    HttpResponse<String> xmlSent = post("application/xml", "*/*", "<search/>");
    assertThat(xmlSent.statusCode()).as(xmlSent.body()).isEqualTo(415);
    assertThat(xmlSent.body()).contains("\"status\":\"ERROR\"");
    // What would do, as RFC 9110 has a 415 say (and a 405 must).
    assertThat(xmlSent.headers().allValues("Accept")).anyMatch(v -> v.contains("application/json"));
  }

  @Test
  void aMethodNotAllowedSaysWhichAre() throws Exception {
    HttpResponse<String> delete =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.base() + "/get-runtimes"))
                    .header("msd-user", Api.USER)
                    .timeout(Duration.ofSeconds(30))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).as(delete.body()).isEqualTo(405);
    assertThat(delete.body()).contains("\"status\":\"ERROR\"");
    assertThat(delete.headers().firstValue("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("GET"));
  }

  private HttpResponse<String> post(String contentType, String accept, String body)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(api.base() + "/cluster/search"))
                .header("Content-Type", contentType)
                .header("Accept", accept)
                .header("msd-user", Api.USER)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
