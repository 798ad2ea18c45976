/**
 * A new shop's first steps, in the order a shop owner takes them: the assistant cannot book
 * without services priced by size and opening hours, cannot tell the owner from a customer
 * without the owner's WhatsApp numbers, and hears nobody until a number is linked.
 */
export type SetupStepKey = 'services' | 'hours' | 'owner-numbers' | 'linked-number' | 'owner-account';

export interface SetupStep {
  readonly key: SetupStepKey;
  readonly done: boolean;
}

export interface SetupFacts {
  /** Active services that have a price for at least one pet size. */
  readonly pricedServices: number;
  /** Weekly opening intervals saved. */
  readonly openingIntervals: number;
  readonly ownerNumbers: number;
  /** WhatsApp numbers currently connected (`open`). */
  readonly openNumbers: number;
  /** Owner accounts that have set their password. */
  readonly activeOwners: number;
}

export interface SetupChecklist {
  readonly steps: readonly SetupStep[];
  readonly done: boolean;
}

export function setupChecklist(facts: SetupFacts): SetupChecklist {
  const steps: SetupStep[] = [
    { key: 'services', done: facts.pricedServices > 0 },
    { key: 'hours', done: facts.openingIntervals > 0 },
    { key: 'owner-numbers', done: facts.ownerNumbers > 0 },
    { key: 'linked-number', done: facts.openNumbers > 0 },
    { key: 'owner-account', done: facts.activeOwners > 0 },
  ];
  return { steps, done: steps.every((s) => s.done) };
}
