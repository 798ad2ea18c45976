/**
 * Phone and WhatsApp LID → contact id for one shop, so routing a known customer costs no
 * query. Bounded: the least recently routed entries go first (a miss only costs one lookup).
 */
export class ContactDirectory {
  readonly #byKey = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  /** The LID decides first (WhatsApp may hide the phone behind it), then the phone. */
  get(phone: string | null, lid: string | null): string | undefined {
    return (lid ? this.#touch(`lid:${lid}`) : undefined) ?? (phone ? this.#touch(`phone:${phone}`) : undefined);
  }

  remember(contactId: string, phone: string | null, lid: string | null): void {
    if (phone) this.#set(`phone:${phone}`, contactId);
    if (lid) this.#set(`lid:${lid}`, contactId);
  }

  /** An anonymised contact: every key that led to it goes (a scan; it happens once per deletion). */
  forget(contactId: string): void {
    for (const [key, id] of this.#byKey) if (id === contactId) this.#byKey.delete(key);
  }

  get size(): number {
    return this.#byKey.size;
  }

  #touch(key: string): string | undefined {
    const id = this.#byKey.get(key);
    if (id === undefined) return undefined;
    this.#byKey.delete(key);
    this.#byKey.set(key, id);
    return id;
  }

  #set(key: string, id: string): void {
    this.#byKey.delete(key);
    this.#byKey.set(key, id);
    while (this.#byKey.size > this.capacity) this.#byKey.delete(this.#byKey.keys().next().value!);
  }
}
