import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import type { Executor } from '../../storage/executor.js';
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
  /** The org's free-form settings (quiet period, budget…). */
  orgSettings: Record<string, unknown>;
  services: Service[];
  pets: Pet[];
}
