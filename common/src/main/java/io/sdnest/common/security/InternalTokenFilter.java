package io.sdnest.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.sdnest.common.config.SdnestConfig;
import io.sdnest.common.error.A1111Error;

/** When {@code sdnest.internal-token} is set, only callers that present it (the gateway) are served. */
public class InternalTokenFilter {

  private final Optional<byte[]> expected;

  public InternalTokenFilter(SdnestConfig config) {
    this.expected = config.internalToken().filter(t -> config.requireInternalToken()).filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> requireToken(ContainerRequestContext request) {
    if (expected.isEmpty()) {
      return Optional.empty();
    }
    String given = request.getHeaderString(TrustedHeaders.INTERNAL_TOKEN);
    if (given != null && MessageDigest.isEqual(expected.get(), given.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    return Optional.of(Response.status(401).type(MediaType.APPLICATION_JSON)
        .entity(A1111Error.of("HTTPException", "This service is reached only through the sdnest gateway")).build());
  }
}
