package io.sdnest.inference.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.model.PipelineFolder;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.pipeline.ModelIdentity;
import io.sdnest.inference.engine.pipeline.PipelineSettings;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;
import io.sdnest.inference.engine.pipeline.UnetModel;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ConditionerOptions;

/** Real demo pipelines on ONNX Runtime's CPU provider, and a UNet wrapper that records every call the worker makes. */
final class WorkerFixture {

  private static final OnnxSessionFactory SESSIONS = OnnxSessionFactory.cpu();

  private WorkerFixture() {
  }

  static StableDiffusionPipeline load(Path dir, DemoVariant variant) {
    try {
      new DemoPipelineGenerator().write(dir, variant);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LoadedPipeline loaded = LoadedPipeline.load(PipelineFolder.read(dir, DemoPipelineGenerator.NAME), SESSIONS);
    return new StableDiffusionPipeline(loaded, new ModelIdentity("sdnest-demo", "0123abcdef"),
        new PipelineSettings(ConditionerOptions.defaults(), 16, new Random(1)));
  }

  static DeviceWorker worker(int maxRows) {
    return new DeviceWorker(maxRows, maxRows, RowBuckets.NONE, new WorkerMetrics(new SimpleMeterRegistry()));
  }

  /**
   * One UNet call as the model saw it: {@code contexts} holds a hash of each row's text context (which request a row
   * belongs to, when the requests' prompts differ), {@code startNanos} when it began.
   */
  record Call(long rows, long height, long width, double[] timesteps, int[] contexts, long startNanos, Thread thread) {
  }

  /**
   * Passes calls through to the real UNet and keeps what each looked like; optionally slower, so requests started one
   * after another overlap on a loaded machine as they would with a real model (the outputs are the real ones).
   */
  static final class RecordingUnet implements UnetModel {
    private final UnetModel real;
    private final long delayMillis;
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    RecordingUnet(UnetModel real) {
      this(real, 0);
    }

    RecordingUnet(UnetModel real, long delayMillis) {
      this.real = real;
      this.delayMillis = delayMillis;
    }

    @Override
    public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
      int[] contexts = new int[(int) context.dim(0)];
      for (int r = 0; r < contexts.length; r++) {
        contexts[r] = Arrays.hashCode(context.row(r));
      }
      calls.add(new Call(sample.dim(0), sample.dim(2), sample.dim(3), timesteps.clone(), contexts, System.nanoTime(),
          Thread.currentThread()));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      real.predict(sample, timesteps, context, out);
    }

    @Override
    public boolean perRowTimesteps() {
      return real.perRowTimesteps();
    }

    List<Call> snapshot() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }
  }
}
