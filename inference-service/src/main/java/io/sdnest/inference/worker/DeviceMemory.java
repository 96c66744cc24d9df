package io.sdnest.inference.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Free and used memory of a CUDA device, read with {@code nvidia-smi} (present wherever the NVIDIA container runtime
 * mounts the driver); ONNX Runtime's Java API does not expose it. Empty where there is no such device.
 */
public final class DeviceMemory {

  private static final long MIB = 1024L * 1024;
  /** Model weights (fp16 SD 1.5 UNet, text encoder, VAE) and cuDNN workspace kept aside before counting rows. */
  private static final long RESERVED = 2048 * MIB;
  /** Activation memory per UNet row at 64×64 latents in fp16, attention included. */
  private static final long PER_ROW = 768 * MIB;

  private final int deviceId;

  public DeviceMemory(int deviceId) {
    this.deviceId = deviceId;
  }

  public OptionalLong freeBytes() {
    return query("memory.free");
  }

  public OptionalLong usedBytes() {
    return query("memory.used");
  }

  /** Rows per UNet call that fit into {@code free} bytes: floor((free − 2 GiB) / 768 MiB) within [1, 64]. */
  public static int rowsFor(long free) {
    return (int) Math.max(1, Math.min(64, (free - RESERVED) / PER_ROW));
  }

  private OptionalLong query(String field) {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=" + field, "--format=csv,noheader,nounits",
          "-i", String.valueOf(deviceId)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(out.lines().findFirst().orElse("").trim()) * MIB);
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
