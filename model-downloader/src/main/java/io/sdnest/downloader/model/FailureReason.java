package io.sdnest.downloader.model;

/** Why a job failed, as a low-cardinality word (also the metric tag). */
public enum FailureReason {
  TOKEN_REQUIRED, MEMBERSHIP_REQUIRED, FORBIDDEN, NOT_FOUND, SIZE_MISMATCH, SHA256_MISMATCH, TOO_LARGE, NO_SPACE, TARGET_EXISTS, TARGET_BUSY,
  BLOCKED, HUB_ERROR, NETWORK, IO, INTERRUPTED
}
