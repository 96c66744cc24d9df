package io.sdnest.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;

/** The replicas of one service; hands out the one with the fewest requests in flight among those that are up. */
public final class UpstreamPool {

  /** How many replicas that left the pool are still remembered for routing job requests back to them. */
  static final int RETIRED_KEPT = 256;

  private final String kind;
  private volatile List<Upstream> members;
  private final AtomicInteger rotation = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  /**
   * Replicas DNS no longer lists, newest last. A draining pod leaves the headless Service's DNS answer while it still
   * finishes its jobs, so requests for those jobs must still reach it.
   */
  private final Map<String, Upstream> retired = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Upstream> eldest) {
      return size() > RETIRED_KEPT;
    }
  };

  public UpstreamPool(String kind, List<Upstream> members) {
    this.kind = kind;
    this.members = List.copyOf(members);
  }

  public String kind() {
    return kind;
  }

  /** Inference replicas learn their key from {@code X-Sdnest-Replica} (they prefix async job ids with it). */
  public boolean tellsReplicaItsKey() {
    return Upstreams.INFERENCE.equals(kind);
  }

  public List<Upstream> members() {
    return members;
  }

  /** Requests waiting for a replica of this pool to come up. */
  public int waiting() {
    return waiting.get();
  }

  /** Counts one more waiting request unless {@code max} already wait. */
  boolean startWaiting(int max) {
    return waiting.getAndUpdate(n -> n < max ? n + 1 : n) < max;
  }

  void stopWaiting() {
    waiting.decrementAndGet();
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
    List<Upstream> next = List.copyOf(replicas);
    synchronized (retired) {
      members.stream().filter(u -> !next.contains(u)).forEach(u -> retired.put(u.key(), u));
      next.forEach(u -> retired.remove(u.key()));
    }
    this.members = next;
  }

  /** The replica with this {@link Upstream#key()}, current or recently retired, whether up or not. */
  public Optional<Upstream> byKey(String key) {
    for (Upstream u : members) {
      if (u.key().equals(key)) {
        return Optional.of(u);
      }
    }
    synchronized (retired) {
      return Optional.ofNullable(retired.get(key));
    }
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
