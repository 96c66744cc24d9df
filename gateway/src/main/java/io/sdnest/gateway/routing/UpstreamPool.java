package io.sdnest.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;

/** The replicas of one service; hands out the one with the fewest requests in flight among those that are up. */
public final class UpstreamPool {

  private final String kind;
  private volatile List<Upstream> members;
  private final AtomicInteger rotation = new AtomicInteger();

  public UpstreamPool(String kind, List<Upstream> members) {
    this.kind = kind;
    this.members = List.copyOf(members);
  }

  public String kind() {
    return kind;
  }

  public List<Upstream> members() {
    return members;
  }

  /** Up replicas, least busy first; ties rotate so equal replicas share the load. */
  public List<Upstream> candidates() {
    List<Upstream> members = this.members;
    int size = members.size();
    if (size == 0) {
      return List.of();
    }
    if (size == 1) {
      return members.get(0).isUp() ? members : List.of();
    }
    int start = Math.floorMod(rotation.getAndIncrement(), size);
    List<Upstream> up = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Upstream u = members.get((start + i) % size);
      if (u.isUp()) {
        up.add(u);
      }
    }
    up.sort(Comparator.comparingInt(Upstream::inFlight));
    return up;
  }

  /** Replaces the replicas (DNS discovery); requests already sent to a removed replica finish normally. */
  public void replaceMembers(List<Upstream> replicas) {
    this.members = List.copyOf(replicas);
  }

  public boolean anyReady() {
    return members.stream().anyMatch(Upstream::isReady);
  }

  /** A connection to it failed: stop sending it traffic until its readiness probe passes again. */
  public void eject(Upstream upstream, Throwable cause) {
    if (upstream.isUp()) {
      Log.warnf("Ejecting %s replica %s: %s", kind, upstream.label(), cause.toString());
    }
    upstream.eject();
  }

  public void probed(Upstream upstream, boolean ready, String why) {
    boolean was = upstream.isReady();
    upstream.markProbed(ready);
    if (ready && !was) {
      Log.infof("%s replica %s is ready", kind, upstream.label());
    } else if (!ready && was) {
      Log.warnf("%s replica %s is not ready: %s", kind, upstream.label(), why);
    }
  }
}
