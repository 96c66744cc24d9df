package io.sdnest.inference.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


import io.sdnest.common.error.A1111Error;
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

  @ServerExceptionMapper
  public Response missingBody(MissingBodyException e) {
    return Response.status(422).type(MediaType.APPLICATION_JSON).entity(new ValidationErrorBody(List.of(
        new FieldError(e.loc(), "field required", "value_error.missing")))).build();
  }
}
