package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import io.sdnest.inference.worker.AdmissionQueue.Limits;
import io.sdnest.inference.worker.AdmissionQueue.Ticket;

/** Admission is decided synchronously in enqueue and release, so these tests need no waiting. */
class AdmissionQueueTest {

  @Test
  void twoUsersAreAdmittedInTurnWhateverTheOrderTheyQueuedIn() {
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 64, 1, 4));
    Ticket first = q.enqueue("alice");
    List<Ticket> alice = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      alice.add(q.enqueue("alice"));
    }
    List<Ticket> bob = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bob.add(q.enqueue("bob"));
    }
    List<String> order = new ArrayList<>();
    Ticket current = first;
    for (int i = 0; i < 10; i++) {
      current.release();
      Ticket next = alice.stream().filter(Ticket::isAdmitted).filter(t -> !order.contains("a" + alice.indexOf(t)))
          .findFirst().orElse(null);
      if (next != null) {
        order.add("a" + alice.indexOf(next));
      } else {
        next = bob.stream().filter(Ticket::isAdmitted).filter(t -> !order.contains("b" + bob.indexOf(t)))
            .findFirst().orElseThrow();
        order.add("b" + bob.indexOf(next));
      }
      current = next;
    }
    assertThat(order).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
  }

  @Test
  void aUserNeverRunsMoreThanTheCapWhileOthersStillGetSlots() {
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 64, 16, 4));
    List<Ticket> alice = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      alice.add(q.enqueue("alice"));
    }
    Ticket bob = q.enqueue("bob");
    assertThat(alice.stream().filter(Ticket::isAdmitted)).hasSize(4);
    assertThat(q.running("alice")).isEqualTo(4);
    assertThat(bob.isAdmitted()).isTrue();
    assertThat(q.queued()).isEqualTo(6);
    alice.get(0).release();
    assertThat(q.running("alice")).isEqualTo(4);
    assertThat(alice.get(4).isAdmitted()).isTrue();
    assertThat(alice.get(5).isAdmitted()).isFalse();
  }

  @Test
  void aFullQueueRefusesAtOnceWithARetryTime() {
    AdmissionQueue q = new AdmissionQueue(new Limits(2, 64, 1, 4));
    Ticket running = q.enqueue("a");
    q.enqueue("b");
    q.enqueue("c");
    assertThatThrownBy(() -> q.enqueue("d")).isInstanceOfSatisfying(Rejection.class, r -> {
      assertThat(r.reason()).isEqualTo(Rejection.Reason.QUEUE_FULL);
      assertThat(r.retryAfter()).isPositive();
    });
    running.release();
    assertThat(q.enqueue("d").isAdmitted()).isFalse();
  }

  /** A clock the test moves by hand, so run times are exact. */
  private static final class ManualClock implements LongSupplier {
    long nanos;

    void advance(Duration d) {
      nanos += d.toNanos();
    }

    @Override
    public long getAsLong() {
      return nanos;
    }
  }

  /** Runs one request of {@code seconds} from admission to release. */
  private static void run(AdmissionQueue q, ManualClock clock, long seconds) {
    Ticket t = q.enqueue("runner");
    assertThat(t.isAdmitted()).isTrue();
    clock.advance(Duration.ofSeconds(seconds));
    t.release();
  }

  /** The Retry-After of a request refused by a full queue. */
  private static Duration refusedRetry(AdmissionQueue q) {
    try {
      q.enqueue("late");
    } catch (Rejection r) {
      assertThat(r.reason()).isEqualTo(Rejection.Reason.QUEUE_FULL);
      return r.retryAfter();
    }
    throw new AssertionError("the queue was not full");
  }

  @Test
  void theRetryTimeIsTheQueueAheadDrainedAtTheMeasuredPace() {
    ManualClock clock = new ManualClock();
    AdmissionQueue q = new AdmissionQueue(new Limits(3, 64, 2, 1), clock);
    assertThat(q.retryAfter()).as("nothing measured yet").isEqualTo(Duration.ofSeconds(5));
    run(q, clock, 10);
    // two slots each finishing a 10 s request: 2 requests per 10 s
    q.enqueue("a");
    q.enqueue("b");
    for (String user : List.of("c", "d", "e")) {
      q.enqueue(user);
    }
    assertThat(q.queued()).isEqualTo(3);
    assertThat(refusedRetry(q)).as("3 waiting ahead, then its own turn").isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theRetryTimeGrowsWithTheQueue() {
    ManualClock clock = new ManualClock();
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 64, 1, 1), clock);
    run(q, clock, 3);
    q.enqueue("a");
    List<Duration> retries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      q.enqueue("w" + i);
      retries.add(q.retryAfter());
    }
    assertThat(retries).containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(9), Duration.ofSeconds(12),
        Duration.ofSeconds(15));
  }

  @Test
  void theRetryTimeFollowsTheMeasuredRunTime() {
    ManualClock clock = new ManualClock();
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 64, 1, 1), clock);
    run(q, clock, 2);
    Duration fast = q.retryAfter();
    for (int i = 0; i < 3; i++) {
      run(q, clock, 30);
    }
    Duration slower = q.retryAfter();
    assertThat(slower).isGreaterThan(fast);
    for (int i = 0; i < 20; i++) {
      run(q, clock, 30);
    }
    assertThat(q.retryAfter()).as("converges on the current run time").isGreaterThan(slower)
        .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
    for (int i = 0; i < 20; i++) {
      run(q, clock, 1);
    }
    assertThat(q.retryAfter()).as("and follows it down again").isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theRetryTimeIsAtLeastASecondAndAtMostAnHour() {
    ManualClock clock = new ManualClock();
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 64, 1, 1), clock);
    run(q, clock, 0);
    assertThat(q.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    run(q, clock, 24 * 3600);
    assertThat(q.retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void oneUserCannotFillTheQueueAlone() {
    AdmissionQueue q = new AdmissionQueue(new Limits(64, 2, 1, 1));
    q.enqueue("a");
    q.enqueue("a");
    q.enqueue("a");
    assertThatThrownBy(() -> q.enqueue("a")).isInstanceOfSatisfying(Rejection.class,
        r -> assertThat(r.reason()).isEqualTo(Rejection.Reason.USER_LIMIT));
    assertThat(q.enqueue("b").isAdmitted()).isFalse();
  }

  @Test
  void aCancelledWaitingTicketFreesItsPlaceAndAReleasedOneItsSlot() {
    AdmissionQueue q = new AdmissionQueue(new Limits(1, 64, 1, 4));
    Ticket running = q.enqueue("a");
    Ticket waiting = q.enqueue("b");
    assertThatThrownBy(() -> q.enqueue("c")).isInstanceOf(Rejection.class);
    waiting.release();
    assertThat(q.queued()).isZero();
    Ticket next = q.enqueue("c");
    running.release();
    assertThat(next.isAdmitted()).isTrue();
    assertThat(q.running()).isEqualTo(1);
  }

  @Test
  void afterCloseNewRequestsAreRefusedAndQueuedOnesStillRun() {
    AdmissionQueue q = new AdmissionQueue(new Limits(4, 4, 1, 1));
    Ticket running = q.enqueue("a");
    Ticket waiting = q.enqueue("b");
    q.close();
    assertThatThrownBy(() -> q.enqueue("c")).isInstanceOfSatisfying(Rejection.class,
        r -> assertThat(r.reason()).isEqualTo(Rejection.Reason.SHUTTING_DOWN));
    running.release();
    assertThat(waiting.isAdmitted()).isTrue();
  }
}
