package io.sdnest.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sdnest.common.security.TrustedHeaders;
import io.sdnest.gateway.security.AuthenticatedUser;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Rewrites the headers of a request on its way to a service: the client's credentials and anything that could pass
 * for gateway-made information (X-Sdnest-*, Forwarded, X-Forwarded-*) go; the gateway's own versions come in.
 */
public final class ForwardingHeaders {

  private ForwardingHeaders() {
  }

  public static void apply(MultiMap headers, HttpServerRequest client, AuthenticatedUser user, String internalToken) {
    List<String> drop = new ArrayList<>();
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-sdnest-") || lower.startsWith("x-forwarded-") || lower.equals("forwarded")
          || lower.equals("authorization")) {
        drop.add(name);
      }
    }
    drop.forEach(headers::remove);

    String address = clientAddress(client.remoteAddress());
    String proto = client.isSSL() ? "https" : "http";
    String host = client.authority() == null ? null : client.authority().toString();
    StringBuilder forwarded = new StringBuilder("for=").append(forwardedNode(address)).append(";proto=").append(proto);
    if (host != null) {
      forwarded.append(";host=\"").append(host).append('"');
      headers.set("X-Forwarded-Host", host);
    }
    headers.set("Forwarded", forwarded.toString());
    headers.set("X-Forwarded-For", address);
    headers.set("X-Forwarded-Proto", proto);
    if (user != null) {
      headers.set(TrustedHeaders.USER, user.name());
      headers.set(TrustedHeaders.ROLES, user.rolesHeader());
    }
    if (internalToken != null) {
      headers.set(TrustedHeaders.INTERNAL_TOKEN, internalToken);
    }
  }

  private static String clientAddress(SocketAddress remote) {
    return remote == null || remote.host() == null ? "unknown" : remote.host();
  }

  /** RFC 7239: IPv6 addresses are bracketed and quoted. */
  private static String forwardedNode(String address) {
    return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
  }
}
