package io.sdnest.downloader.rest;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.service.UploadLimits;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upload from its headers, before its body is streamed to disk: Quarkus REST parses the whole multipart
 * body before a resource (or a request filter) sees it, so its size and the volume's free space are checked here, on
 * the Vert.x route, from Content-Length (and the type and kind when the query names them). This runs ahead of
 * Quarkus's own {@code max-body-size} check, which would answer 413 without a body.
 */
@ApplicationScoped
public class UploadAdmission {

  private final UploadLimits limits;
  private final ObjectMapper json;

  public UploadAdmission(UploadLimits limits, ObjectMapper json) {
    this.limits = limits;
    this.json = json;
  }

  void register(@Observes Router router) {
    router.route(HttpMethod.POST, UploadsResource.PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::admit);
  }

  private void admit(RoutingContext rc) {
    String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      declared = -1;
    }
    if (declared < 0) {
      // chunked: Quarkus bounds the body by max-body-size (= the maximum upload size) while it is read
      rc.next();
      return;
    }
    try {
      limits.admit(declared, EnumParams.optional(ModelType.class, rc.queryParams().get("type"), "type"),
          EnumParams.optional(Kind.class, rc.queryParams().get("kind"), "kind"));
    } catch (ApiException e) {
      refuse(rc, e);
      return;
    }
    rc.next();
  }

  private void refuse(RoutingContext rc, ApiException e) {
    String body;
    try {
      body = json.writeValueAsString(e.body());
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
    // the client may still be sending the body: answer, then close instead of reading it
    rc.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close").end(body).onComplete(done -> rc.request().connection().close());
  }
}
