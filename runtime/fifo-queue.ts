/**
 * A FIFO with O(1) push and shift. `Array#shift` copies the whole array once
 * it is large, which made a mailbox with many thousands of queued messages
 * quadratic (measured in bench/mailbox.bench.ts). Items live in an array read
 * from a moving head; the consumed prefix is dropped once it is half the array.
 */
export class FifoQueue<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(...items: T[]): void {
    for (const item of items) this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined as T; // let the consumed item be collected
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const items = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    return items;
  }

  /**
   * Removes and returns the first `max` items that `match` accepts, oldest first; the rest keep
   * their order. O(n) in the queue's length — for batching, not for every message.
   */
  takeWhere(match: (item: T) => boolean, max: number): T[] {
    const taken: T[] = [];
    if (max <= 0 || this.length === 0) return taken;
    const kept: T[] = [];
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i] as T;
      if (taken.length < max && match(item)) taken.push(item);
      else kept.push(item);
    }
    if (taken.length) {
      this.#items = kept;
      this.#head = 0;
    }
    return taken;
  }
}
