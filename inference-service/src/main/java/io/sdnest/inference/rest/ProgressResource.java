package io.sdnest.inference.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.security.Caller;
import io.sdnest.inference.service.ProgressTracker;

/** A1111's progress and control routes, per caller; they answer at once, also while generations run. */
@Path("/sdapi/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "progress")
public class ProgressResource {

  private final ProgressTracker tracker;

  public ProgressResource(ProgressTracker tracker) {
    this.tracker = tracker;
  }

  @GET
  @Path("/progress")
  @Operation(summary = "Progress of the caller's latest generation (X-Sdnest-User), else of the latest of anyone, with a live preview as the options live_previews_enable and show_progress_every_n_steps say")
  public ProgressResponse progress(@QueryParam("skip_current_image") @DefaultValue("false") boolean skipCurrentImage,
      @Context HttpHeaders headers) {
    return tracker.progress(Caller.of(headers), skipCurrentImage);
  }

  @POST
  @Path("/interrupt")
  @Operation(summary = "Stops the caller's running generations (an admin's: all); they return the images made so far. Answers {}")
  public Response interrupt(@Context HttpHeaders headers) {
    tracker.interrupt(Caller.of(headers));
    return Response.ok("{}", MediaType.APPLICATION_JSON).build();
  }

  @POST
  @Path("/skip")
  @Operation(summary = "Ends the current batch of the caller's running generations (an admin's: all). Answers null")
  public Response skip(@Context HttpHeaders headers) {
    tracker.skip(Caller.of(headers));
    return Response.ok("null", MediaType.APPLICATION_JSON).build();
  }
}
