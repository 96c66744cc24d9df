package io.sdnest.common.error;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;

/**
 * Turns every failure into the JSON a client of A1111 expects, with the right status, and never a stack trace.
 */
public class ErrorMappers {

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
    e.retryAfter().ifPresent(d -> response.header("Retry-After", Math.max(1, (d.toMillis() + 999) / 1000)));
    return response.build();
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    List<Object> loc = new ArrayList<>();
    loc.add("body");
    String type = "value_error.jsondecode";
    String msg = "Malformed JSON: " + e.getOriginalMessage();
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        loc.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
      }
      if (e instanceof UnrecognizedPropertyException) {
        type = "value_error.extra";
        msg = "extra fields not permitted";
      } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
        MismatchedInputException mismatch = (MismatchedInputException) e;
        type = "type_error";
        msg = "value is not a valid " + describe(mismatch.getTargetType());
      }
    }
    return Response.status(422).type(MediaType.APPLICATION_JSON)
        .entity(new ValidationErrorBody(List.of(new FieldError(loc, msg, type)))).build();
  }

  /**
   * Quarkus REST wraps a body Jackson cannot read in a 400 WebApplicationException; unwrap it so that malformed JSON
   * and wrong types get FastAPI's 422.
   */
  @ServerExceptionMapper(priority = 4000)
  public Response unreadableBody(WebApplicationException e) {
    return e.getCause() instanceof JsonProcessingException json ? malformedJson(json) : webApplication(e);
  }

  /** Wins over quarkus-rest-jackson's own 400 mapper for wrongly typed fields: FastAPI answers 422. */
  @ServerExceptionMapper(priority = 4000)
  public Response wrongType(MismatchedInputException e) {
    return malformedJson(e);
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return detail(404, "Not Found");
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e) {
    return detail(405, "Method Not Allowed");
  }

  @ServerExceptionMapper
  public Response unsupportedMedia(NotSupportedException e) {
    return detail(415, "Unsupported Media Type");
  }

  @ServerExceptionMapper(priority = 5000)
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      Log.errorf(e, "Request failed");
      return Response.status(status).type(MediaType.APPLICATION_JSON).entity(A1111Error.of("ServerError", "Internal error")).build();
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(A1111Error.of("HTTPException", e.getResponse().getStatusInfo().getReasonPhrase())).build();
  }

  @ServerExceptionMapper(priority = 6000)
  public Response unexpected(Exception e) {
    Log.errorf(e, "Request failed");
    return Response.status(500).type(MediaType.APPLICATION_JSON)
        .entity(A1111Error.of(e.getClass().getSimpleName(), "Internal error; see the service log")).build();
  }

  private static Response detail(int status, String detail) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new DetailBody(detail)).build();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "integer";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "float";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (type == String.class) {
      return "string";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "list";
    }
    return "dict";
  }

  /** FastAPI's body for routing errors: {@code {"detail":"Not Found"}}. */
  public record DetailBody(String detail) {
  }
}
