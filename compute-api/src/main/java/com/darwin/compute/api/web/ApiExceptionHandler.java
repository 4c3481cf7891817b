package com.darwin.compute.api.web;

import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.PermissionNotFoundException;
import com.darwin.compute.core.access.UsageLimitException;
import com.darwin.compute.core.command.CommandNotFoundException;
import com.darwin.compute.core.command.CommandsDisabledException;
import com.darwin.compute.core.config.RequestLimitsProperties;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.event.ClusterEventService;
import com.darwin.compute.core.history.HistoryServerNotFoundException;
import com.darwin.compute.core.history.HistoryServerUnavailableException;
import com.darwin.compute.core.jobs.JobNotAdmittedException;
import com.darwin.compute.core.jobs.JobNotFoundException;
import com.darwin.compute.core.jobs.RayUnavailableException;
import com.darwin.compute.core.jobs.TooManyLogDownloadsException;
import com.darwin.compute.core.jobs.TooManyUploadsException;
import com.darwin.compute.core.jupyter.JupyterPodNotFoundException;
import com.darwin.compute.core.library.LibraryNotFoundException;
import com.darwin.compute.core.maven.MavenSearchUnavailableException;
import com.darwin.compute.core.search.SearchUnavailableException;
import com.darwin.compute.core.settings.ClusterSettings;
import com.darwin.compute.core.store.DuplicateKeys;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.common.ErrorDetails;
import com.darwin.compute.model.common.FieldError;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * The one place errors become responses: always the {@code {status, data, message}} envelope with
 * {@code status: "ERROR"}, a message a person can act on, and per-field details in {@code data}.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final RefusalCounter refusals;
  private final long maxBody;

  public ApiExceptionHandler(RefusalCounter refusals, RequestLimitsProperties limits) {
    this.refusals = refusals;
    this.maxBody = limits.maxBody().toBytes();
  }

  @ExceptionHandler(AuthenticationRequiredException.class)
  ResponseEntity<Envelope<ErrorDetails>> unauthenticated(AuthenticationRequiredException e) {
    refusals.refused("unauthenticated");
    return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", e.getMessage(), List.of());
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Envelope<ErrorDetails>> forbidden(AccessDeniedException e) {
    refusals.refused(e.reason());
    return error(HttpStatus.FORBIDDEN, "FORBIDDEN", e.getMessage(), List.of());
  }

  @ExceptionHandler(UsageLimitException.class)
  ResponseEntity<Envelope<ErrorDetails>> overLimit(UsageLimitException e) {
    refusals.refused("limit");
    return error(HttpStatus.FORBIDDEN, "LIMIT_EXCEEDED", e.getMessage(), List.of());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<Envelope<ErrorDetails>> invalidBody(MethodArgumentNotValidException e) {
    List<FieldError> errors = new ArrayList<>();
    e.getBindingResult()
        .getFieldErrors()
        .forEach(
            f -> errors.add(new FieldError(JsonPaths.snake(f.getField()), f.getDefaultMessage())));
    e.getBindingResult()
        .getGlobalErrors()
        .forEach(g -> errors.add(new FieldError(g.getObjectName(), g.getDefaultMessage())));
    return invalid(errors);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<Envelope<ErrorDetails>> invalidParameters(HandlerMethodValidationException e) {
    List<FieldError> errors = new ArrayList<>();
    for (ParameterValidationResult result : e.getParameterValidationResults()) {
      String name = result.getMethodParameter().getParameterName();
      result
          .getResolvableErrors()
          .forEach(r -> errors.add(new FieldError(name, r.getDefaultMessage())));
    }
    return invalid(errors);
  }

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<Envelope<ErrorDetails>> invalidRequest(InvalidRequestException e) {
    return invalid(e.errors());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Envelope<ErrorDetails>> unreadable(HttpMessageNotReadableException e) {
    RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(e);
    if (tooLarge != null) {
      return bodyTooLarge(tooLarge);
    }
    // The outermost Jackson exception carries the JSON path; its own cause may be the creator's.
    // The first one in the chain that knows where it failed: an outer one may have lost the path.
    Throwable cause = e.getCause();
    while (cause != null && !(cause instanceof JacksonException j && !j.getPath().isEmpty())) {
      cause = cause.getCause();
    }
    if (cause instanceof JacksonException databind && !databind.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (var ref : databind.getPath()) {
        if (ref.getPropertyName() != null) {
          if (!path.isEmpty()) {
            path.append('.');
          }
          path.append(ref.getPropertyName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return invalid(
          List.of(new FieldError(path.toString(), "has a value of the wrong type or form")));
    }
    return error(
        HttpStatus.BAD_REQUEST,
        "INVALID_JSON",
        "The request body is not valid JSON or is missing",
        List.of());
  }

  /**
   * Tomcat decodes the query string (and a form body) when a parameter is first asked for, by the
   * handler's arguments or already by a mapping's {@code params} condition, and throws this for a
   * broken escape or bytes that are not UTF-8.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Envelope<ErrorDetails>> undecodableParameters(InvalidParameterException e) {
    if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      // A POST form is read by Tomcat itself, up to its maxPostSize (set to max-body).
      return bodyTooLarge(maxBody);
    }
    String message = "is not valid percent-encoded UTF-8";
    return error(
        HttpStatus.BAD_REQUEST,
        "INVALID_REQUEST",
        "The query string or form body " + message,
        List.of(new FieldError("query", message)));
  }

  @ExceptionHandler(MsdUserHeaderException.class)
  ResponseEntity<Envelope<ErrorDetails>> badIdentity(MsdUserHeaderException e) {
    return error(
        HttpStatus.BAD_REQUEST,
        "INVALID_HEADER",
        e.getMessage(),
        List.of(new FieldError(MsdUserArgumentResolver.HEADER, e.getMessage())));
  }

  @ExceptionHandler({
    MissingRequestHeaderException.class,
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<Envelope<ErrorDetails>> badParameter(Exception e) {
    String name = "request";
    if (e instanceof MissingRequestHeaderException h) {
      name = h.getHeaderName();
    } else if (e instanceof MissingServletRequestParameterException p) {
      name = p.getParameterName();
    } else if (e instanceof MethodArgumentTypeMismatchException t) {
      name = t.getName();
    }
    String message =
        e instanceof MethodArgumentTypeMismatchException
            ? "has a value of the wrong type"
            : "is required";
    return error(
        HttpStatus.BAD_REQUEST,
        "INVALID_REQUEST",
        name + " " + message,
        List.of(new FieldError(name, message)));
  }

  @ExceptionHandler({
    ClusterNotFoundException.class,
    PermissionNotFoundException.class,
    ClusterEventService.RunNotFoundException.class,
    ClusterSettings.SettingNotFoundException.class,
    JobNotFoundException.class,
    LibraryNotFoundException.class,
    CommandNotFoundException.class,
    HistoryServerNotFoundException.class,
    JupyterPodNotFoundException.class
  })
  ResponseEntity<Envelope<ErrorDetails>> notFound(RuntimeException e) {
    return error(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage(), List.of());
  }

  @ExceptionHandler({ClusterConflictException.class, ClusterSettings.SettingExistsException.class})
  ResponseEntity<Envelope<ErrorDetails>> conflict(RuntimeException e) {
    return error(HttpStatus.CONFLICT, "CONFLICT", e.getMessage(), List.of());
  }

  /** A job no node of its cluster could ever run: what is short, field by field. */
  @ExceptionHandler(JobNotAdmittedException.class)
  ResponseEntity<Envelope<ErrorDetails>> notAdmitted(JobNotAdmittedException e) {
    return error(
        HttpStatus.UNPROCESSABLE_CONTENT, "JOB_NOT_ADMITTED", e.getMessage(), e.shortfalls());
  }

  @ExceptionHandler(RayUnavailableException.class)
  ResponseEntity<Envelope<ErrorDetails>> rayUnavailable(RayUnavailableException e) {
    log.warn("{}", e.getMessage());
    return error(HttpStatus.BAD_GATEWAY, "RAY_UNAVAILABLE", e.getMessage(), List.of());
  }

  @ExceptionHandler(HistoryServerUnavailableException.class)
  ResponseEntity<Envelope<ErrorDetails>> historyServerUnavailable(
      HistoryServerUnavailableException e) {
    if (e.refused()) {
      // Refused for good (RBAC, a webhook, a schema): the same request fails again until an
      // operator acts, so not a 503 that invites retries; logged whole for that operator.
      log.error("{}", e.getMessage(), e);
      return error(HttpStatus.BAD_GATEWAY, "KUBERNETES_REFUSED", e.getMessage(), List.of());
    }
    log.warn("{}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE, "KUBERNETES_UNAVAILABLE", e.getMessage(), List.of());
  }

  /** A lost optimistic race after its retries, or a lock wait that timed out or deadlocked. */
  @ExceptionHandler(ConcurrencyFailureException.class)
  ResponseEntity<Envelope<ErrorDetails>> concurrentChange(ConcurrencyFailureException e) {
    return error(
        HttpStatus.CONFLICT,
        "CONCURRENT_CHANGE",
        // Clusters, Jupyter pods, history servers and libraries: not only clusters lose races.
        "It was changed by someone else at the same time; read it again and retry",
        List.of());
  }

  /** Every thread that streams (followed job logs) is taken: refused, not queued behind them. */
  @ExceptionHandler(TaskRejectedException.class)
  ResponseEntity<Envelope<ErrorDetails>> streamsBusy(TaskRejectedException e) {
    log.warn("No thread left for a stream: {}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "TOO_MANY_STREAMS",
        "Too many followed logs are open at once; try again later",
        List.of());
  }

  /** As many working directories as allowed are being uploaded: refused before its body is read. */
  @ExceptionHandler(TooManyUploadsException.class)
  ResponseEntity<Envelope<ErrorDetails>> uploadsBusy(TooManyUploadsException e) {
    log.warn("{}", e.getMessage());
    return error(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_UPLOADS", e.getMessage(), List.of());
  }

  /** As many driver logs as allowed are being downloaded on this replica. */
  @ExceptionHandler(TooManyLogDownloadsException.class)
  ResponseEntity<Envelope<ErrorDetails>> downloadsBusy(TooManyLogDownloadsException e) {
    log.warn("{}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_LOG_DOWNLOADS", e.getMessage(), List.of());
  }

  @ExceptionHandler(CommandsDisabledException.class)
  ResponseEntity<Envelope<ErrorDetails>> commandsDisabled(RuntimeException e) {
    return error(HttpStatus.FORBIDDEN, "COMMANDS_DISABLED", e.getMessage(), List.of());
  }

  @ExceptionHandler(MavenSearchUnavailableException.class)
  ResponseEntity<Envelope<ErrorDetails>> mavenDown(RuntimeException e) {
    log.warn("Maven search unavailable: {}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE, "MAVEN_SEARCH_UNAVAILABLE", e.getMessage(), List.of());
  }

  @ExceptionHandler(SearchUnavailableException.class)
  ResponseEntity<Envelope<ErrorDetails>> searchDown(SearchUnavailableException e) {
    log.warn("Search unavailable: {}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "SEARCH_UNAVAILABLE",
        "Search is temporarily unavailable; cluster operations still work",
        List.of());
  }

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<Envelope<ErrorDetails>> databaseDown(Exception e) {
    // One line per request: during an outage every request fails the same way, and a stack trace
    // each (about 280 lines) flooded the log; health names the database as DOWN.
    log.warn("Database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(e).toString());
    log.debug("Database unavailable", e);
    return error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "DATABASE_UNAVAILABLE",
        "The database is unavailable",
        List.of());
  }

  /** Spring's own errors (unknown path, wrong method, wrong media type) keep their status. */
  @ExceptionHandler(ErrorResponseException.class)
  ResponseEntity<Envelope<ErrorDetails>> springError(ErrorResponseException e) {
    return fromErrorResponse(e, e);
  }

  @ExceptionHandler({
    org.springframework.web.servlet.resource.NoResourceFoundException.class,
    org.springframework.web.HttpRequestMethodNotSupportedException.class,
    org.springframework.web.HttpMediaTypeNotSupportedException.class,
    org.springframework.web.HttpMediaTypeNotAcceptableException.class
  })
  ResponseEntity<Envelope<ErrorDetails>> springMvcError(Exception e) {
    return fromErrorResponse((ErrorResponse) e, e);
  }

  private static ResponseEntity<Envelope<ErrorDetails>> fromErrorResponse(
      ErrorResponse response, Exception e) {
    HttpStatusCode status = response.getStatusCode();
    String detail = response.getBody().getDetail();
    ResponseEntity<Envelope<ErrorDetails>> answer =
        error(
            status,
            HttpStatus.resolve(status.value()) == null
                ? "ERROR"
                : HttpStatus.resolve(status.value()).name(),
            detail == null ? e.getMessage() : detail,
            List.of());
    // With the headers the error carries: a 405's Allow and a 415's Accept say what would do.
    return ResponseEntity.status(answer.getStatusCode())
        .headers(answer.getHeaders())
        .headers(
            headers ->
                response
                    .getHeaders()
                    .forEach(
                        (name, values) -> {
                          if (!headers.containsHeader(name)) {
                            headers.put(name, values);
                          }
                        }))
        .body(answer.getBody());
  }

  /**
   * A constraint the database enforces that validation did not catch: the input's fault (409 for a
   * duplicate key, 400 otherwise), never a 500.
   */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Envelope<ErrorDetails>> integrity(DataIntegrityViolationException e) {
    log.warn("Rejected by a database constraint: {}", e.getMostSpecificCause().getMessage());
    String cause = String.valueOf(e.getMostSpecificCause().getMessage());
    if (DuplicateKeys.isDuplicate(e)) {
      // A name taken by a request that committed first (the name checks read before it did).
      return error(
          HttpStatus.CONFLICT,
          "CONFLICT",
          cause.contains("uk_clusters_name")
              ? "A cluster with this name already exists"
              : "A record with this key already exists",
          List.of());
    }
    return error(
        HttpStatus.BAD_REQUEST,
        "INVALID_VALUE",
        "A value of the request cannot be stored (too long or not allowed)",
        List.of());
  }

  /**
   * The client left before its answer could be written (a closed or reset connection): there is no
   * one to answer, and nothing went wrong here. Routine for uploads and followed logs that a client
   * abandons; reported as an incident, it buried real ones.
   */
  @ExceptionHandler(AsyncRequestNotUsableException.class)
  void clientGone(AsyncRequestNotUsableException e) {
    log.debug("The client went away before its answer was written: {}", e.getMessage());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Envelope<ErrorDetails>> unexpected(Exception e) {
    if (e instanceof ErrorResponse springError) {
      return fromErrorResponse(springError, e); // any other Spring MVC error keeps its 4xx
    }
    RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(e);
    if (tooLarge != null) {
      return bodyTooLarge(tooLarge); // read by a handler itself, past the limit
    }
    if (databaseUnreachable(e)) {
      // Wrapped by a layer that does not translate it (a commit, Hibernate): still an outage.
      return databaseDown(e);
    }
    String incident = UUID.randomUUID().toString();
    log.error("Unexpected error, incident {}", incident, e);
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "Internal Server Error (incident " + incident + ")",
        List.of());
  }

  /**
   * MySQL's and MariaDB's codes (SQLSTATE HY000 or 70100, which say nothing by class) for a server
   * that cannot take the statement now: read-only during a failover (1290 {@code --read-only}, 1836
   * read-only mode), and a statement ended at the server's time limit (3024 MySQL, 1969 MariaDB) or
   * by a cancel (1317: the driver's query timeout, answered by the server before the driver marked
   * it). Not 1792, a write in a transaction this service opened read-only: that is a bug here.
   */
  private static final Set<Integer> UNAVAILABLE_ERROR_CODES = Set.of(1290, 1836, 3024, 1969, 1317);

  /**
   * Whether a connection failure or a statement timed out on the socket is the cause, or was
   * suppressed by what followed it: a rollback that fails on the broken connection throws its own
   * exception and keeps the outage only as a suppressed one.
   */
  static boolean databaseUnreachable(Throwable e) {
    return databaseUnreachable(e, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static boolean databaseUnreachable(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return false;
    }
    if (t instanceof SQLTransientConnectionException
        || t instanceof SQLRecoverableException
        || t instanceof SQLNonTransientConnectionException
        || t instanceof SocketTimeoutException
        // A statement the server ended at its time limit, or the driver at the query timeout.
        || t instanceof SQLTimeoutException
        || t instanceof QueryTimeoutException
        // SQLSTATE class 08, connection exception: the pool's "Connection is closed" (08003).
        || (t instanceof SQLException sql
            && ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                || UNAVAILABLE_ERROR_CODES.contains(sql.getErrorCode())))) {
      return true;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      if (databaseUnreachable(suppressed, seen)) {
        return true;
      }
    }
    return databaseUnreachable(t.getCause(), seen);
  }

  private static ResponseEntity<Envelope<ErrorDetails>> invalid(List<FieldError> errors) {
    String message =
        errors.isEmpty()
            ? "Invalid request"
            : "Invalid request: "
                + errors.get(0).field()
                + " "
                + errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", message, errors);
  }

  /** A body that passed the limit while it was read ({@link RequestBodyLimitFilter}). */
  private static ResponseEntity<Envelope<ErrorDetails>> bodyTooLarge(
      RequestBodyTooLargeException e) {
    return bodyTooLarge(e.limit());
  }

  private static ResponseEntity<Envelope<ErrorDetails>> bodyTooLarge(long limit) {
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .header(HttpHeaders.CONNECTION, "close") // the rest of the body is not read
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Envelope.error(
                new ErrorDetails(EnvelopeErrors.code(413), List.of()),
                RequestBodyTooLargeException.refusal(limit)));
  }

  private static ResponseEntity<Envelope<ErrorDetails>> error(
      HttpStatusCode status, String code, String message, List<FieldError> errors) {
    // Always JSON, whatever the request accepted: an endpoint that answers YAML (the manifests)
    // must still be able to report its errors in the envelope.
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Envelope.error(new ErrorDetails(code, errors), message));
  }
}
