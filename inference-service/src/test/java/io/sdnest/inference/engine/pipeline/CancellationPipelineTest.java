package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Interrupt decodes what the stopped batch has; abandon (a cancelled job) makes no further device call for it. */
class CancellationPipelineTest extends StandardDemoPipelineTest {

  /** Every text-encoder and VAE call the generation makes, by kind, and the UNet's calls as "unet". */
  private static final class Recording {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Execution execution = new Execution(new LocalDenoiser(new UnetModel() {
      @Override
      public void predict(io.sdnest.inference.engine.tensor.FloatTensor sample, double[] timesteps,
          io.sdnest.inference.engine.tensor.FloatTensor context, float[] out) {
        calls.add("unet");
        pipeline.unet().predict(sample, timesteps, context, out);
      }

      @Override
      public boolean perRowTimesteps() {
        return pipeline.unet().perRowTimesteps();
      }
    }, 16), new DeviceCalls() {
      @Override
      public <P, R> List<R> run(MergeableCall<P, R> call, List<P> parts) {
        calls.add(call.kind().name());
        return DeviceCalls.DIRECT.run(call, parts);
      }
    });

    long count(String kind) {
      return calls.stream().filter(kind::equals).count();
    }
  }

  /** Runs {@code request} and calls {@code stop} with the token once pass {@code pass} reached step 2. */
  private static GenerationResult run(GenerationRequest request, Recording recording, String pass,
      Consumer<CancellationToken> stop) {
    CancellationToken token = new CancellationToken();
    ProgressListener listener = p -> {
      if (p.pass().equals(pass) && p.step() == 2) {
        stop.accept(token);
      }
    };
    return pipeline.generate(request, listener, token, recording.execution);
  }

  private static GenerationRequest request(int nIter) {
    return GenerationRequest.builder().prompt("red").size(64, 64).steps(8).seed(3).batch(2, nIter)
        .build(GenerationLimits.defaults());
  }

  @Test
  void anInterruptedBatchIsStillDecodedAndReturned() {
    Recording recording = new Recording();
    GenerationResult result = run(request(1), recording, "txt2img", CancellationToken::interrupt);
    assertThat(result.interrupted()).isTrue();
    assertThat(result.images()).hasSize(2);
    assertThat(recording.count("VAE_DECODER")).isEqualTo(1);
  }

  @Test
  void anAbandonedBatchStopsAtTheStepAndIsNotDecoded() {
    Recording recording = new Recording();
    GenerationResult result = run(request(1), recording, "txt2img", CancellationToken::abandon);
    assertThat(result.interrupted()).isTrue();
    assertThat(result.images()).isEmpty();
    assertThat(recording.count("VAE_DECODER")).isZero();
    assertThat(recording.count("unet")).as("stopped at step 2 of 8").isEqualTo(2);
  }

  @Test
  void abandoningTheSecondBatchKeepsTheFirstBatchsImagesAndDecodesNothingMore() {
    Recording recording = new Recording();
    CancellationToken token = new CancellationToken();
    ProgressListener listener = p -> {
      if (p.batch() == 1 && p.step() == 2) {
        token.abandon();
      }
    };
    GenerationResult result = pipeline.generate(request(2), listener, token, recording.execution);
    assertThat(result.images()).hasSize(2);
    assertThat(recording.count("VAE_DECODER")).isEqualTo(1);
  }

  @Test
  void anAbandonedFirstPassRunsNoHiresPass() {
    Recording recording = new Recording();
    GenerationRequest hires = GenerationRequest.builder().prompt("red").size(64, 64).steps(8).seed(3)
        .hires(new Hires(2.0, 0, 0, "Lanczos", 4, 0.6, "", "", null, null)).build(GenerationLimits.defaults());
    GenerationResult result = run(hires, recording, "txt2img", CancellationToken::abandon);
    assertThat(result.images()).isEmpty();
    assertThat(recording.calls).as("no upscale decode/encode, no hires step, no output decode")
        .containsOnly("TEXT_ENCODER", "unet");
    assertThat(recording.count("unet")).isEqualTo(2);

    Recording hiresAbandoned = new Recording();
    GenerationResult late = run(hires, hiresAbandoned, "hires", CancellationToken::abandon);
    assertThat(late.images()).isEmpty();
    assertThat(hiresAbandoned.count("VAE_DECODER")).as("only the Lanczos upscale's decode").isEqualTo(1);
    assertThat(hiresAbandoned.count("unet")).isEqualTo(8 + 2);
  }
}
