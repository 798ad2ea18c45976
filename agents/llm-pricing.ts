/**
 * What a model call costs, for the ai_interactions log and the owner's
 * reports. USD per 1M tokens, OpenAI's list prices for the models the design
 * names. Dated snapshots ("gpt-4o-mini-2024-07-18") are priced as their base
 * model; other variants ("gpt-4o-audio-preview") are priced differently by
 * OpenAI, so they are not guessed from a prefix.
 *
 * Unknown models (a local server behind OPENAI_BASE_URL, a model we have not
 * priced) cost 0: a guess would be wrong in the reports, while 0 is visibly
 * "not priced" next to the model name in the same row.
 */
export interface ModelPrice {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
});

const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

export function priceOf(model: string): ModelPrice | undefined {
  const base = model.replace(DATED_SNAPSHOT, '');
  return Object.hasOwn(MODEL_PRICES, base) ? MODEL_PRICES[base] : undefined;
}

export function estimateCostUsd(model: string, promptTokens: number, completionTokens: number): number {
  const price = priceOf(model);
  if (!price) return 0;
  return (promptTokens * price.inputPerMillionUsd + completionTokens * price.outputPerMillionUsd) / 1_000_000;
}
