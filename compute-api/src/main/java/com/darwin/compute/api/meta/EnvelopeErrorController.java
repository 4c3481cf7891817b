package com.darwin.compute.api.meta;

import com.darwin.compute.api.security.PublicRoute;
import com.darwin.compute.api.web.EnvelopeErrors;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.common.ErrorDetails;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error dispatch ({@code /error}) in the envelope, replacing Spring Boot's JSON. Reached
 * directly, {@code /error} is not a route: 404 like any unknown path.
 */
@Hidden
@RestController
class EnvelopeErrorController implements ErrorController {

  @PublicRoute
  @RequestMapping("/error")
  ResponseEntity<Envelope<ErrorDetails>> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (!(code instanceof Integer status)) {
      return EnvelopeErrors.entity(404, EnvelopeErrors.message(404));
    }
    if (EnvelopeErrors.isRefusedMethod(request.getMethod())) {
      return EnvelopeErrors.entity(405, EnvelopeErrors.message(405));
    }
    int shown = status < 400 ? 500 : status;
    return EnvelopeErrors.entity(shown, EnvelopeErrors.message(shown));
  }
}
