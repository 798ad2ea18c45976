import type { Executor } from './executor.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { BusinessHoursRepository } from './business-hours.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { ConversationsRepository } from './conversations.repository.js';
import { InboxRepository } from './inbox.repository.js';
import { InstancesRepository } from './instances.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { PetsRepository } from './pets.repository.js';
import { ServicesRepository } from './services.repository.js';
import { UsersRepository } from './users.repository.js';

/** Every repository over one executor: the database, or a transaction to share. */
export function repositories(db: Executor) {
  return {
    organizations: new OrganizationsRepository(db),
    instances: new InstancesRepository(db),
    contacts: new ContactsRepository(db),
    pets: new PetsRepository(db),
    services: new ServicesRepository(db),
    businessHours: new BusinessHoursRepository(db),
    conversations: new ConversationsRepository(db),
    messages: new MessagesRepository(db),
    inbox: new InboxRepository(db),
    outbox: new OutboxRepository(db),
    auditLog: new AuditLogRepository(db),
    users: new UsersRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
