package io.sdnest.inference.engine.pipeline;

import java.util.List;

/**
 * A kind of device call whose rows the model computes independently of each other (each token row or image on its
 * own), so that parts submitted by different requests can run as one call and be split back: a part gets exactly the
 * rows it would have got alone. What is not row-wise (emphasis weighting over a request's rows, scaling, image
 * conversion) stays outside, on the request's thread.
 *
 * @param <P> one submission: the model, its input rows and whatever else the call needs per row
 * @param <R> what one part gets back
 */
public interface MergeableCall<P, R> {

  /** Which model a call runs; the device worker limits rows and counts them per kind. */
  enum Kind { TEXT_ENCODER, VAE_DECODER, VAE_ENCODER }

  Kind kind();

  /** Parts with equal keys may share a call: the same session and the same shape after the row axis. */
  Object key(P part);

  /** Rows of the call's input that {@code part} takes. */
  int rows(P part);

  /** Runs {@code parts}, all with equal keys, as one call; one result per part, in their order. */
  List<R> run(List<P> parts);
}
