package io.sdnest.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.sdnest.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Checks HTTP Basic credentials against the embedded properties realm (through Quarkus' identity providers) and
 * remembers the verified ones for a while, keyed by a SHA-256 of the header so no password stays in memory.
 */
@Singleton
public class BasicAuthenticator {

  private static final String BASIC = "basic ";

  private final IdentityProviderManager identities;
  private final Cache<String, AuthenticatedUser> verified;

  public BasicAuthenticator(IdentityProviderManager identities, GatewayConfig config) {
    this.identities = identities;
    this.verified = Caffeine.newBuilder()
        .expireAfterWrite(config.authCache().ttl())
        .maximumSize(config.authCache().maxSize())
        .build();
  }

  /** Completes on {@code context}; never fails (a broken header is {@link AuthOutcome.Rejected}). */
  public Future<AuthOutcome> authenticate(String authorization, Context context) {
    if (authorization == null || authorization.length() < BASIC.length()
        || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      return Future.succeededFuture(new AuthOutcome.Missing());
    }
    String key = sha256(authorization);
    AuthenticatedUser known = verified.getIfPresent(key);
    if (known != null) {
      return Future.succeededFuture(new AuthOutcome.Authenticated(known));
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new AuthOutcome.Rejected());
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      return Future.succeededFuture(new AuthOutcome.Rejected());
    }
    var request = new UsernamePasswordAuthenticationRequest(decoded.substring(0, colon),
        new PasswordCredential(decoded.substring(colon + 1).toCharArray()));
    var result = identities.authenticate(request)
        .map(identity -> {
          AuthenticatedUser user = AuthenticatedUser.of(identity.getPrincipal().getName(), identity.getRoles());
          verified.put(key, user);
          return (AuthOutcome) new AuthOutcome.Authenticated(user);
        })
        .onFailure(AuthenticationFailedException.class).recoverWithItem(new AuthOutcome.Rejected())
        .subscribeAsCompletionStage();
    return Future.fromCompletionStage(result, context);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
