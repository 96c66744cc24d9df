package io.sdnest.downloader.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.sdnest.common.config.SdnestConfig;
import io.sdnest.common.error.A1111Error;
import io.sdnest.common.security.Caller;
import io.vertx.core.http.HttpServerRequest;

/**
 * The downloader writes to the shared volume, so only admins use it: through the gateway the caller needs the
 * admin role; a direct call (no gateway headers) is served only from loopback or with the internal token (which
 * the common {@code InternalTokenFilter} has already checked when it is set).
 */
public class AccessFilter {

  private final boolean tokenRequired;

  public AccessFilter(SdnestConfig config) {
    this.tokenRequired = config.internalToken().filter(t -> !t.isBlank()).isPresent();
  }

  @ServerRequestFilter
  public Optional<Response> requireAdmin(ContainerRequestContext request, HttpServerRequest http) {
    if (!request.getUriInfo().getPath().startsWith("/downloader/")) {
      return Optional.empty();
    }
    Caller caller = Caller.fromHeaders(request.getHeaderString(io.sdnest.common.security.TrustedHeaders.USER),
        request.getHeaderString(io.sdnest.common.security.TrustedHeaders.ROLES));
    if (caller.viaGateway()) {
      return caller.isAdmin() ? Optional.empty() : deny("Downloading models needs the admin role");
    }
    if (tokenRequired || isLoopback(http)) {
      return Optional.empty();
    }
    return deny("This service is reached only through the sdnest gateway");
  }

  private static boolean isLoopback(HttpServerRequest http) {
    var remote = http.remoteAddress();
    if (remote == null || remote.host() == null) {
      return false;
    }
    String host = remote.host();
    return host.equals("127.0.0.1") || host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
  }

  private static Optional<Response> deny(String detail) {
    return Optional.of(Response.status(403).type(MediaType.APPLICATION_JSON)
        .entity(A1111Error.of("Forbidden", detail)).build());
  }
}
