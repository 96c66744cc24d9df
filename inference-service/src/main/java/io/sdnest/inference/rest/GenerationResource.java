package io.sdnest.inference.rest;


import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.security.Caller;
import io.sdnest.common.security.TrustedHeaders;
import io.sdnest.inference.service.GenerationJob;
import io.sdnest.inference.service.GenerationService;
import io.sdnest.inference.service.GenerationService.Submission;
import io.sdnest.inference.service.GenerationService.Submitted;
import io.vertx.core.http.HttpServerResponse;

/**
 * A1111's generation routes. Synchronous by default (a client that disconnects cancels its job); with
 * {@code ?async=true} or a {@code force_task_id} they answer 202 with a job to follow under {@code /sdnest/v1/jobs}.
 */
@Path("/sdapi/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "generation")
public class GenerationResource {

  private final GenerationService generation;

  public GenerationResource(GenerationService generation) {
    this.generation = generation;
  }

  @POST
  @Path("/txt2img")
  @Operation(summary = "Generates images from a prompt")
  @APIResponse(responseCode = "200", description = "The images (synchronous)",
      content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @APIResponse(responseCode = "202", description = "Queued as an async job (async=true or force_task_id)",
      content = @Content(schema = @Schema(implementation = JobAccepted.class)))
  @APIResponse(responseCode = "503", description = "Queue full or shutting down; see Retry-After")
  @APIResponse(responseCode = "429", description = "The caller has too many requests waiting; see Retry-After")
  public Response txt2img(Txt2ImgRequest request,
      @Parameter(description = "Answer 202 with a job id at once instead of the images when done")
      @QueryParam("async") @DefaultValue("false") boolean async, @Context HttpHeaders headers,
      @Context HttpServerResponse response) {
    Txt2ImgRequest body = MissingBodyException.require(request);
    return answer(generation.txt2img(body, submission(async, headers, response)));
  }

  @POST
  @Path("/img2img")
  @Operation(summary = "Generates images from init images (inpainting with a mask)")
  @APIResponse(responseCode = "200", description = "The images (synchronous)",
      content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @APIResponse(responseCode = "202", description = "Queued as an async job (async=true or force_task_id)",
      content = @Content(schema = @Schema(implementation = JobAccepted.class)))
  @APIResponse(responseCode = "503", description = "Queue full or shutting down; see Retry-After")
  @APIResponse(responseCode = "429", description = "The caller has too many requests waiting; see Retry-After")
  public Response img2img(Img2ImgRequest request,
      @Parameter(description = "Answer 202 with a job id at once instead of the images when done")
      @QueryParam("async") @DefaultValue("false") boolean async, @Context HttpHeaders headers,
      @Context HttpServerResponse response) {
    Img2ImgRequest body = MissingBodyException.require(request);
    return answer(generation.img2img(body, submission(async, headers, response)));
  }

  private static Submission submission(boolean async, HttpHeaders headers, HttpServerResponse response) {
    return new Submission(Caller.of(headers), headers.getHeaderString(TrustedHeaders.REPLICA), async, job -> {
      if (!job.async()) {
        // the connection closing before the answer means nobody waits for these images any more
        response.closeHandler(closed -> job.cancel());
      }
    });
  }

  private static Response answer(Submitted submitted) {
    if (submitted.response() != null) {
      return Response.ok(submitted.response()).build();
    }
    GenerationJob job = submitted.job();
    String location = JobsResource.location(job.id());
    // relative on purpose: an absolute URI would name this replica's internal address, not the gateway's
    return Response.accepted(new JobAccepted(job.id(), job.state().label(), location))
        .header(HttpHeaders.LOCATION, location).build();
  }
}
