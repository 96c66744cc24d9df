package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

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
