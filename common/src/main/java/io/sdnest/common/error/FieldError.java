package io.sdnest.common.error;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of FastAPI's 422 body: where the problem is, what it is, and its type. */
@Schema(name = "ValidationError")
public record FieldError(List<Object> loc, String msg, String type) {
}
