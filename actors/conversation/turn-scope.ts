import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import type { Executor } from '../../storage/executor.js';
import type { Organization } from '../../storage/organizations.repository.js';
import type { Pet } from '../../storage/pets.repository.js';
import type { Service } from '../../storage/services.repository.js';

/**
 * What one conversation turn is bound to. The toolbox and the pending-action
 * committer read org, contact and conversation from here and nowhere else, so
 * nothing a model writes can point them at another tenant or customer.
 */
export interface TurnScope {
  db: Executor;
  orgId: string;
  contactId: string;
  conversationId: string;
  now: Date;
  settings: SchedulingSettings;
  /** The organization itself (name, free-form settings such as the quiet period). */
  org: Organization;
  services: readonly Service[];
  pets: readonly Pet[];
  /** Set by a tool that wrote (a proposed action, a hand-over): the actor's memory must be reloaded after the turn. */
  effects: { wrote: boolean };
}
