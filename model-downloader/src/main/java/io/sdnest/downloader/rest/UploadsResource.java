package io.sdnest.downloader.rest;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.model.UploadResult;
import io.sdnest.downloader.service.UploadService;

@Path("/downloader/v1/uploads")
@Tag(name = "Uploads", description = "Preview images and local model files")
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

  private final UploadService uploads;

  public UploadsResource(UploadService uploads) {
    this.uploads = uploads;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload a file", description = "Streamed to disk, then named, checked and published like a download. "
      + "A preview (kind=PREVIEW) is saved as <name>.preview.<ext> beside the model named by name.")
  @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = UploadResult.class)))
  public Response upload(@RestForm("file") FileUpload file, @RestForm ModelType type, @RestForm Kind kind,
      @RestForm String name, @RestForm String directory, @RestForm String sha256) throws IOException {
    if (file == null || file.uploadedFile() == null) {
      throw ApiException.badRequest("file is required (multipart form field 'file')");
    }
    UploadResult result = uploads.publish(file.uploadedFile(), file.fileName(), file.contentType(), type, kind, name, directory, sha256);
    return Response.status(201).entity(result).build();
  }
}
