package io.sdnest.common.error;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** FastAPI's body for malformed JSON and wrongly typed fields (status 422), as A1111 answers them. */
@Schema(name = "HTTPValidationError")
public record ValidationErrorBody(List<FieldError> detail) {
}
