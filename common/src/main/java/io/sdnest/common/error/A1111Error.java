package io.sdnest.common.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The error body A1111's API answers with; sdnest uses it with the right 4xx status instead of A1111's 500s. */
@Schema(name = "HTTPException", description = "An error, in AUTOMATIC1111's shape")
public record A1111Error(
    @Schema(description = "Error type", example = "HTTPException") String error,
    @Schema(description = "What is wrong", example = "Invalid encoded image") String detail,
    @Schema(description = "Always empty", example = "") String body,
    @Schema(description = "Always empty", example = "") String errors) {

  public static A1111Error of(String error, String detail) {
    return new A1111Error(error, detail, "", "");
  }
}
