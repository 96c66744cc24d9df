package io.sdnest.inference.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.sdnest.common.error.A1111Error;
import io.sdnest.common.error.ErrorMappers;
import io.sdnest.common.error.FieldError;
import io.sdnest.common.error.ValidationErrorBody;
import io.sdnest.inference.engine.ValidationException;

/** Bad input the engine or a resource found, in A1111's shapes with 4xx statuses. */
public class EngineErrorMappers {

  /** A value the engine refuses: 400 with A1111's body; the message names the field and what is allowed. */
  @ServerExceptionMapper
  public Response validation(ValidationException e) {
    return Response.status(400).type(MediaType.APPLICATION_JSON).entity(A1111Error.of("HTTPException", e.getMessage()))
        .build();
  }

  /**
   * Quarkus REST wraps a body Jackson cannot read in a 400 WebApplicationException; unwrap it so that malformed JSON
   * and wrong types get FastAPI's 422 from common's mapper. Other WebApplicationExceptions are rendered by common.
   */
  @ServerExceptionMapper(priority = 4000)
  public Response unreadableBody(WebApplicationException e) {
    ErrorMappers common = new ErrorMappers();
    if (e.getCause() instanceof JsonProcessingException json) {
      return common.malformedJson(json);
    }
    return common.webApplication(e);
  }

  /** Wins over quarkus-rest-jackson's own 400 mapper for wrongly typed fields: FastAPI answers 422. */
  @ServerExceptionMapper(priority = 4000)
  public Response wrongType(MismatchedInputException e) {
    return new ErrorMappers().malformedJson(e);
  }

  @ServerExceptionMapper
  public Response missingBody(MissingBodyException e) {
    return Response.status(422).type(MediaType.APPLICATION_JSON).entity(new ValidationErrorBody(List.of(
        new FieldError(e.loc(), "field required", "value_error.missing")))).build();
  }
}
