import type { Executor } from './executor.js';
import { writeTurns, type TurnJournalEntry, type TurnJournalResult } from './turn-journal.js';

interface Waiting {
  entry: TurnJournalEntry;
  resolve(result: TurnJournalResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for conversation turns. Each turn still waits for its own durable write before
 * anyone hears of its reply; what changes is that turns of many customers that finish while
 * earlier writes are in flight share the next statement. Idle, a turn is written at once
 * (a batch of one); under load, a round trip carries many. A batch that fails is retried
 * entry by entry, so one bad turn cannot fail another customer's — or another shop's.
 */
export class TurnJournalWriter {
  readonly #waiting: Waiting[] = [];
  #inFlight = 0;

  constructor(
    private readonly db: Executor,
    private readonly options: { maxInFlight: number; maxBatch: number } = { maxInFlight: 4, maxBatch: 100 },
  ) {}

  write(entry: TurnJournalEntry): Promise<TurnJournalResult> {
    return new Promise<TurnJournalResult>((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.options.maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.options.maxBatch);
      this.#inFlight++;
      void this.#commit(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    try {
      const results = await writeTurns(this.db, batch.map((w) => w.entry));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Alone, each entry succeeds or fails on its own merits.
      await Promise.all(batch.map(async (w) => {
        try {
          w.resolve((await writeTurns(this.db, [w.entry]))[0]!);
        } catch (single) {
          w.reject(single);
        }
      }));
    }
  }
}
