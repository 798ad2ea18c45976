/**
 * The rule that keeps the assistant out of loops: the same question is asked
 * at most twice in one flow. The first time as written; the second time
 * rephrased with an example (the customer may not have understood what
 * shape of answer we want); the third time we stop asking and offer the
 * team. Pure: the caller keeps the counts in the flow's state.
 */
export type QuestionAttempt = 'ask' | 'rephrase' | 'offer_team';

export const MAX_TIMES_ASKED = 2;

export interface QuestionCount {
  attempt: QuestionAttempt;
  /** The counts to keep, this question included. */
  asked: Record<string, number>;
}

export function countQuestion(asked: Readonly<Record<string, number>> | undefined, key: string): QuestionCount {
  const times = (asked?.[key] ?? 0) + 1;
  const attempt: QuestionAttempt = times === 1 ? 'ask' : times <= MAX_TIMES_ASKED ? 'rephrase' : 'offer_team';
  return { attempt, asked: { ...(asked ?? {}), [key]: times } };
}
