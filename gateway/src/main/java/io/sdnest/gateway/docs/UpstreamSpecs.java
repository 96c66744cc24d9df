package io.sdnest.gateway.docs;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.sdnest.gateway.routing.A1111Errors;
import io.sdnest.gateway.routing.Upstream;
import io.sdnest.gateway.routing.UpstreamPool;
import io.sdnest.gateway.routing.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the services' OpenAPI documents (published on their management ports) at {@code /openapi/inference} and
 * {@code /openapi/downloader}, so the one Swagger UI at {@code /docs} can list every API. Their paths are the
 * gateway's paths, so "Try it out" goes through the gateway.
 */
@Singleton
public class UpstreamSpecs {

  static final String SPEC_PATH = "/q/openapi?format=json";

  private final Upstreams upstreams;

  public UpstreamSpecs(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  void register(@Observes Router router) {
    router.get("/openapi/" + Upstreams.INFERENCE).handler(rc -> serve(rc, upstreams.inference()));
    router.get("/openapi/" + Upstreams.DOWNLOADER).handler(rc -> serve(rc, upstreams.downloader()));
  }

  private void serve(RoutingContext rc, UpstreamPool pool) {
    List<Upstream> candidates = pool.candidates();
    if (candidates.isEmpty()) {
      A1111Errors.send(rc.response(), 503, "ServiceUnavailable", "No " + pool.kind() + " service is available");
      return;
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(candidates.get(0).managementUrl().resolve(SPEC_PATH).toString())
        .setIdleTimeout(10_000);
    upstreams.client().request(options)
        .compose(request -> request.send())
        .compose(response -> forward(rc, response))
        .onFailure(error -> A1111Errors.send(rc.response(), 502, "BadGateway",
            "Could not fetch the " + pool.kind() + " OpenAPI document"));
  }

  private static Future<Void> forward(RoutingContext rc, HttpClientResponse response) {
    rc.response().setStatusCode(response.statusCode());
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      rc.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      rc.response().putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      rc.response().setChunked(true);
    }
    return response.pipeTo(rc.response());
  }
}
