package io.sdnest.inference.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.worker.DeviceMemory.Reading;

/**
 * The {@code cuda} part of A1111's {@code memory} answer. On a CUDA device (TensorRT runs on one too) it is A1111's
 * shape filled from the device reading; otherwise, or when the device cannot be read, {@code {"error":"unavailable"}}.
 * ONNX Runtime has no allocator statistics like torch's, so active, allocated and reserved all report the memory used
 * on the device (current, and the highest seen by this service), inactive is 0 and no allocator events are counted.
 */
@ApplicationScoped
public class CudaMemory {

  private static final Map<String, Object> UNAVAILABLE = Map.of("error", "unavailable");

  private final Supplier<String> providerInUse;
  private final Supplier<Optional<Reading>> device;
  private final AtomicLong peakUsed = new AtomicLong();

  @Inject
  public CudaMemory(OnnxSessionFactory sessions, InferenceWorker worker) {
    this(sessions::providerInUse, worker::deviceMemory);
  }

  /** @param providerInUse as {@link OnnxSessionFactory#providerInUse()}: "CUDA:0", "TensorRT:0", "CPU" or null */
  CudaMemory(Supplier<String> providerInUse, Supplier<Optional<Reading>> device) {
    this.providerInUse = providerInUse;
    this.device = device;
  }

  public Map<String, Object> report() {
    String provider = providerInUse.get();
    if (!OnnxSessionFactory.onCudaDevice(provider)) {
      return UNAVAILABLE;
    }
    Optional<Reading> reading = device.get();
    if (reading.isEmpty()) {
      return UNAVAILABLE;
    }
    long free = reading.get().free();
    long used = reading.get().used();
    long peak = peakUsed.accumulateAndGet(used, Math::max);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("system", ordered("free", free, "used", used, "total", free + used));
    out.put("active", ordered("current", used, "peak", peak));
    out.put("allocated", ordered("current", used, "peak", peak));
    out.put("reserved", ordered("current", used, "peak", peak));
    out.put("inactive", ordered("current", 0L, "peak", 0L));
    out.put("events", ordered("retries", 0L, "oom", 0L));
    return out;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
