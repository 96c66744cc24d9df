package io.sdnest.downloader.rest;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.model.UploadResult;
import io.sdnest.downloader.service.UploadService;

@Path(UploadsResource.PATH)
@Tag(name = "Uploads", description = "Preview images and local model files")
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

  static final String PATH = "/downloader/v1/uploads";

  private final UploadService uploads;

  public UploadsResource(UploadService uploads) {
    this.uploads = uploads;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload a file", description = "Streamed to disk, then named, checked and published like a download. "
      + "A preview (kind=PREVIEW) is saved as <name>.preview.<ext> beside the model named by name. The maximum upload size "
      + "and the free space are checked from Content-Length before the body is read; the type's (or a preview's) maximum "
      + "too when type and kind are also given in the query (?type=LORA&kind=PREVIEW), else once the form is read.")
  @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = UploadResult.class)))
  @APIResponse(responseCode = "413", description = "Larger than the maximum upload size or the type's maximum file size")
  @APIResponse(responseCode = "507", description = "The volume cannot hold the upload and keep its free-space margin")
  public Response upload(@RestForm("file") FileUpload file, @RestForm ModelType type, @RestForm Kind kind,
      @RestForm String name, @RestForm String directory, @RestForm String sha256,
      @QueryParam("type") @Parameter(description = "the type, so that its maximum is checked before the body is read",
          schema = @Schema(implementation = ModelType.class)) String typeInQuery,
      @QueryParam("kind") @Parameter(description = "the kind, so that a preview's maximum is checked before the body is read",
          schema = @Schema(implementation = Kind.class)) String kindInQuery) throws IOException {
    try {
      if (file == null || file.uploadedFile() == null) {
        throw ApiException.badRequest("file is required (multipart form field 'file')");
      }
      UploadResult result = uploads.publish(file.uploadedFile(), file.fileName(), file.contentType(),
          agreed("type", type, EnumParams.optional(ModelType.class, typeInQuery, "type").orElse(null)),
          agreed("kind", kind, EnumParams.optional(Kind.class, kindInQuery, "kind").orElse(null)), name, directory, sha256);
      return Response.status(201).entity(result).build();
    } finally {
      if (file != null && file.uploadedFile() != null) {
        // a refused upload goes at once, not when Quarkus cleans up after the response
        Files.deleteIfExists(file.uploadedFile());
      }
    }
  }

  private static <T> T agreed(String field, T inForm, T inQuery) {
    if (inForm != null && inQuery != null && !inForm.equals(inQuery)) {
      throw ApiException.badRequest(field + " is " + inForm + " in the form but " + inQuery + " in the query");
    }
    return inForm != null ? inForm : inQuery;
  }
}
