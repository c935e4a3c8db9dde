/** Result of one pipeline stage, in one shape so that the pipeline command can print one summary. */
export interface StageResult {
  stage: 'discover' | 'fetch' | 'embed' | 'index' | 'curate' | 'merge';
  /** Counters worth printing, for example { upserted: 693, skippedNotPublicDomain: 30 }. */
  counts: Record<string, number>;
  /** Failure reason → number of objects that failed with it. */
  failures: Record<string, number>;
  durationMs: number;
  /** False when the stage as a whole failed (not when some objects failed with a recorded reason). */
  ok: boolean;
}
