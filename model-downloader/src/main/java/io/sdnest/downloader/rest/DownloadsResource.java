package io.sdnest.downloader.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.error.A1111Error;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.DownloadRequest;
import io.sdnest.downloader.model.DownloadView;
import io.sdnest.downloader.model.JobState;
import io.sdnest.downloader.service.DownloadService;

@Path("/downloader/v1/downloads")
@Tag(name = "Downloads", description = "Models and preview images from ModelScope, liblib, Civitai, Hugging Face and HTTPS URLs")
@Produces(MediaType.APPLICATION_JSON)
public class DownloadsResource {

  private final DownloadService downloads;

  public DownloadsResource(DownloadService downloads) {
    this.downloads = downloads;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start a download", description = "Answers at once with the job; a request for the same URL and "
      + "target as a running job joins it.")
  @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = DownloadView.class)))
  @APIResponse(responseCode = "400", description = "Bad URL, host, name, type or directory",
      content = @Content(schema = @Schema(implementation = A1111Error.class)))
  public Response start(DownloadRequest request) {
    return Response.accepted(DownloadService.view(downloads.submit(request))).build();
  }

  @GET
  @Operation(summary = "List downloads", description = "Newest first; filter by state")
  @APIResponse(responseCode = "400", description = "Unknown state", content = @Content(schema = @Schema(implementation = A1111Error.class)))
  public List<DownloadView> list(@Parameter(description = "QUEUED, RESOLVING, DOWNLOADING, VERIFYING, DONE, FAILED or CANCELLED",
      schema = @Schema(implementation = JobState.class)) @QueryParam("state") String state) {
    return downloads.list(EnumParams.optional(JobState.class, state, "state"));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One download: state, progress, speed, ETA, target, sha256, error")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DownloadView.class)))
  @APIResponse(responseCode = "404", description = "No such job", content = @Content(schema = @Schema(implementation = A1111Error.class)))
  public DownloadView get(@PathParam("id") String id) {
    return DownloadService.view(downloads.get(id));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Cancel a download and remove its partial data")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DownloadView.class)))
  public DownloadView cancel(@PathParam("id") String id) {
    return DownloadService.view(downloads.cancel(id));
  }
}
