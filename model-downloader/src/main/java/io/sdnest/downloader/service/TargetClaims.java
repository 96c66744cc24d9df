package io.sdnest.downloader.service;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** One writer per target path at a time (downloads and uploads alike). */
@ApplicationScoped
public class TargetClaims {

  private final ConcurrentHashMap<Path, String> owners = new ConcurrentHashMap<>();

  /** Claims the path for the owner; false when someone else holds it. */
  public boolean claim(Path target, String owner) {
    return owners.putIfAbsent(target, owner) == null || owner.equals(owners.get(target));
  }

  public void release(Path target, String owner) {
    if (target != null) {
      owners.remove(target, owner);
    }
  }

  public boolean isClaimed(Path target) {
    return owners.containsKey(target);
  }

  public boolean ownedBy(String owner, Path part) {
    return owners.entrySet().stream().anyMatch(e -> e.getValue().equals(owner) && part.startsWith(e.getKey().getParent()));
  }
}
