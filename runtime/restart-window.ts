/**
 * Restart intensity as a sliding window (OTP's MaxR/MaxT): at most `maxRestarts` restarts
 * within any `withinMs`. Pure: it takes the history and `now` and returns the new history.
 */
export interface Intensity {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

export const DEFAULT_INTENSITY: Intensity = Object.freeze({ maxRestarts: 5, withinMs: 30_000 });

export interface WindowDecision {
  /** Restart timestamps still inside the window, the new one included. */
  readonly history: readonly number[];
  /** True when this restart is one too many: the supervisor must escalate instead. */
  readonly exceeded: boolean;
}

/** Records a restart at `now`. The (maxRestarts + 1)th restart inside the window is exceeded. */
export function recordRestart(history: readonly number[], now: number, intensity: Intensity): WindowDecision {
  const since = now - intensity.withinMs;
  const kept = history.filter((at) => at > since);
  kept.push(now);
  return { history: kept, exceeded: kept.length > intensity.maxRestarts };
}
