/**
 * Base class for every error the domain raises on purpose.
 *
 * `code` is stable and machine-readable: the HTTP layer maps it to a status and
 * the agents map it to a pt-BR reply, so renaming a code is a breaking change.
 * `details` carries the context a caller needs to explain the refusal (never
 * secrets; phone numbers only where the caller already had them).
 */
export class DomainError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: C, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}
