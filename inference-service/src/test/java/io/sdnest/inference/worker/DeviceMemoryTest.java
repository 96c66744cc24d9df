package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DeviceMemoryTest {

  private static final long MIB = 1024L * 1024;

  @Test
  void rowsAtFiveTwelveAreTheFreeMemoryBeyondTwoGibIn768MibRowsWithinOneToSixtyFour() {
    assertThat(DeviceMemory.rowsFor(2048 * MIB + 10 * 768 * MIB)).isEqualTo(10);
    assertThat(DeviceMemory.rowsFor(2048 * MIB + 10 * 768 * MIB - 1)).isEqualTo(9);
    assertThat(DeviceMemory.rowsFor(24L * 1024 * MIB)).isEqualTo(29);
    assertThat(DeviceMemory.rowsFor(1024 * MIB)).isEqualTo(1);
    assertThat(DeviceMemory.rowsFor(0)).isEqualTo(1);
    assertThat(DeviceMemory.rowsFor(1024L * 1024 * MIB)).isEqualTo(64);
  }

  @Test
  void aReadingIsReusedForAFewSecondsSoScrapesDoNotStartAProcessEach() {
    AtomicInteger reads = new AtomicInteger();
    AtomicLong now = new AtomicLong(1_000);
    DeviceMemory memory = new DeviceMemory(() -> Optional.of(new DeviceMemory.Reading(reads.incrementAndGet(), 7)),
        now::get);

    assertThat(memory.read()).contains(new DeviceMemory.Reading(1, 7));
    now.addAndGet(DeviceMemory.FRESH.toNanos() - 1);
    assertThat(memory.read()).contains(new DeviceMemory.Reading(1, 7));
    assertThat(reads).hasValue(1);
    now.addAndGet(1);
    assertThat(memory.read()).contains(new DeviceMemory.Reading(2, 7));
    assertThat(reads).hasValue(2);
  }

  @Test
  void aFailedReadIsReusedToo() {
    AtomicInteger reads = new AtomicInteger();
    DeviceMemory memory = new DeviceMemory(() -> {
      reads.incrementAndGet();
      return Optional.empty();
    }, () -> 0L);
    assertThat(memory.read()).isEmpty();
    assertThat(memory.read()).isEmpty();
    assertThat(reads).hasValue(1);
  }

  @Test
  void nvidiaSmisCsvLineIsFreeThenUsedInMib() {
    assertThat(DeviceMemory.parse("6000, 2000\n")).contains(new DeviceMemory.Reading(6000 * MIB, 2000 * MIB));
    assertThat(DeviceMemory.parse("No devices were found")).isEmpty();
    assertThat(DeviceMemory.parse("")).isEmpty();
  }
}
