import type { InboundMedia } from '../domain/inbound-media.js';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The schema as kysely sees it (migrations/ is the source of truth). Times
 * come back as Date, `date` columns as 'YYYY-MM-DD' strings, bigint as number.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
// Insert types require the time: the injected clock stamps every row, never
// the database's now() (a fake clock in tests, and code compares these times).
type CreatedAt = ColumnType<Date, Date | string, never>;
type UpdatedAt = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type PetSize = 'P' | 'M' | 'G' | 'GG';
export type InstanceStatus =
  | 'created'
  | 'connecting'
  | 'qr'
  | 'pairing'
  | 'open'
  | 'reconnecting'
  | 'logged_out'
  | 'replaced'
  | 'banned'
  | 'failed';
export type BookingStatus = 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
export type ConversationMode = 'bot' | 'human';
export type MessageAuthor = 'customer' | 'bot' | 'staff' | 'aurora' | 'owner';
export type OutboxKind = 'reply' | 'notice' | 'reminder' | 'campaign' | 'aurora' | 'staff';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type CampaignKind = 'reativacao' | 'promocional' | 'aniversario';
export type CampaignStatus = 'draft' | 'confirmed' | 'sending' | 'completed' | 'cancelled' | 'stopped';

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  timezone: Generated<string>;
  owner_numbers: ColumnType<string[], string[] | undefined, string[]>;
  api_token_hash: string | null;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InstancesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  phone: string | null;
  transport: 'simulator' | 'baileys';
  status: ColumnType<InstanceStatus, InstanceStatus | undefined, InstanceStatus>;
  auth_method: 'pairing' | 'qr' | 'imported' | null;
  last_connected_at: Timestamp | null;
  consecutive_failures: Generated<number>;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  stale_flagged_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WaAuthTable {
  instance_id: string;
  org_id: string;
  type: string;
  key_id: string;
  value: string;
  // Stamped by the database: bookkeeping only, nothing compares it with the clock.
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
  updated_at: UpdatedAt;
}

/** Per-org ownership with a fencing token that only ever grows (migrations/2026_12_03_00_02_org_leases.ts). */
export interface OrgLeasesTable {
  org_id: string;
  /** null once released; the row stays so the token keeps counting. */
  holder: string | null;
  fencing_token: number;
  expires_at: Timestamp;
  updated_at: UpdatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  org_id: string | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}

export interface ContactsTable {
  id: Generated<string>;
  org_id: string;
  /** null only once the person was anonymised (`anonymized_at`). */
  phone: string | null;
  lid: string | null;
  name: string | null;
  email: string | null;
  birthday: ColumnType<string | null, string | null | undefined, string | null>;
  marketing_opt_out: Generated<boolean>;
  opted_out_at: Timestamp | null;
  /** Marketing consent currently given, and when; null without one (docs/privacy.md). */
  marketing_consent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the customer was asked for marketing consent (asked once, on the first booking). */
  marketing_consent_asked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  anonymized_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_interaction_at: Timestamp | null;
  /** The team's free-text note about the customer (Conversas side panel); never shown to the model. */
  notes: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A pet's sex as stored (pt-BR, like species). */
export type PetSex = 'macho' | 'fêmea';

export interface PetsTable {
  id: Generated<string>;
  org_id: string;
  contact_id: string;
  name: string;
  species: string;
  breed: string | null;
  size: PetSize;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  notes: string | null;
  /** 'macho' | 'fêmea', for pt-BR agreement; null when nobody said. */
  sex: ColumnType<PetSex | null, PetSex | null | undefined, PetSex | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PriceBySize {
  durationMin: number;
  priceCents: number;
}

export interface ServicesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  category: string;
  species: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  by_size: Json<Partial<Record<PetSize, PriceBySize>>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BusinessHoursTable {
  org_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

export interface ClosuresTable {
  id: Generated<string>;
  org_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string | null;
  created_at: CreatedAt;
}

export interface BookingsTable {
  id: Generated<string>;
  org_id: string;
  contact_id: string;
  pet_id: string;
  service_id: string;
  category: string;
  unit: Generated<number>;
  pet_size: PetSize;
  starts_at: Timestamp;
  ends_at: Timestamp;
  blocked_until: Timestamp;
  status: ColumnType<BookingStatus, BookingStatus | undefined, BookingStatus>;
  price_cents: number;
  source: 'whatsapp' | 'staff';
  rescheduled_from: string | null;
  reminder_sent_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  /** Actor label of who booked (`staff:<id>`, `org-token:<fp>`, `customer:<contactId>`…); null before 2026-12-04. */
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Actor label of who made the last change (reschedule, confirm, cancel…); null until one. */
  changed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The professional or room it holds a unit of; null when its category has no resources. */
  resource_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ResourceKind = 'professional' | 'room';

/** A professional or a room with its own capacity (migrations/2026_12_04_00_40_booking_actors_and_resources.ts). */
export interface ResourcesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  kind: ResourceKind;
  capacity: number;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ConversationsTable {
  id: Generated<string>;
  org_id: string;
  contact_id: string;
  instance_id: string;
  mode: ColumnType<ConversationMode, ConversationMode | undefined, ConversationMode>;
  escalated_at: Timestamp | null;
  escalation_reason: string | null;
  last_message_at: Timestamp | null;
  last_staff_message_at: Timestamp | null;
  /** The bot's last "a equipe já foi avisada" to a customer waiting on the team. */
  human_ack_at: Timestamp | null;
  agent_state: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessagesTable {
  id: Generated<string>;
  org_id: string;
  conversation_id: string;
  instance_id: string;
  remote_jid: string;
  wa_message_id: string;
  from_me: boolean;
  direction: 'in' | 'out';
  author: MessageAuthor;
  text: string;
  /** Who of the team sent it from the dashboard or the API: an audit actor label (`staff:<id>`, `org-token:<fp>`…); null otherwise. */
  sent_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the text was erased (a deletion or the retention limit). */
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface InboxTable {
  id: Generated<number>;
  org_id: string;
  instance_id: string;
  dedupe_key: string;
  remote_jid: string;
  sender_phone: string | null;
  sender_lid: string | null;
  push_name: string | null;
  wa_message_id: string;
  from_me: Generated<boolean>;
  text: string;
  /** Media the message carried (its text is then the caption, maybe empty). */
  media: ColumnType<InboundMedia | null, string | null | undefined, string | null>;
  received_at: CreatedAt;
  attempts: Generated<number>;
  claimed_until: Timestamp | null;
  processed_at: Timestamp | null;
  outcome: string | null;
  last_error: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  org_id: string;
  instance_id: string;
  idempotency_key: string;
  wa_message_id: string;
  to_phone: string;
  to_jid: string;
  text: string;
  kind: OutboxKind;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  not_before: Timestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
  conversation_id: string | null;
  campaign_id: string | null;
  /** The org lease's fencing token the reply was queued under (see migrations/…_outbox_fencing_token). */
  fencing_token: ColumnType<number | null, number | null | undefined, never>;
  /** The destination is erased once the row is sent (a deletion's confirmation to an anonymised person). */
  forget_destination_on_send: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PendingActionsTable {
  id: Generated<string>;
  org_id: string;
  conversation_id: string;
  kind: string;
  payload: Json<Record<string, unknown>>;
  summary: string;
  status: ColumnType<
    'pending' | 'confirmed' | 'rejected' | 'expired' | 'superseded' | 'failed',
    'pending' | undefined,
    'confirmed' | 'rejected' | 'expired' | 'superseded' | 'failed'
  >;
  expires_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by_inbox_id: number | null;
  result_text: string | null;
  created_at: CreatedAt;
}

export interface AiInteractionsTable {
  id: Generated<number>;
  org_id: string;
  conversation_id: string | null;
  agent: 'customer' | 'aurora';
  model: string;
  prompt_tokens: Generated<number>;
  completion_tokens: Generated<number>;
  latency_ms: Generated<number>;
  cost_usd: ColumnType<number, number | undefined, never>;
  tool_calls: ColumnType<unknown[], string | undefined, never>;
  error: string | null;
  created_at: CreatedAt;
}

export interface CampaignsTable {
  id: Generated<string>;
  org_id: string;
  kind: CampaignKind;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  message: string;
  audience_size: Generated<number>;
  sent_count: Generated<number>;
  skipped_count: Generated<number>;
  confirmed_at: Timestamp | null;
  completed_at: Timestamp | null;
  stopped_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignRecipientsTable {
  campaign_id: string;
  org_id: string;
  contact_id: string;
  status: ColumnType<
    'pending' | 'queued' | 'sent' | 'skipped' | 'cancelled',
    'pending' | 'skipped' | undefined,
    'queued' | 'sent' | 'skipped' | 'cancelled'
  >;
  outbox_id: number | null;
  updated_at: UpdatedAt;
}

export interface DailySummariesTable {
  id: Generated<string>;
  org_id: string;
  date: string;
  text: string;
  figures: Json<Record<string, unknown>>;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AlertsTable {
  id: Generated<number>;
  org_id: string;
  kind: string;
  day: string;
  subject: Generated<string>;
  message: string;
  created_at: CreatedAt;
}

/** A number's status changes, oldest to newest (migrations/2026_12_04_00_10_connection_events.ts). */
export interface ConnectionEventsTable {
  id: Generated<number>;
  org_id: string;
  instance_id: string;
  at: Timestamp;
  status: InstanceStatus;
  code: number | null;
  reason: string | null;
}

/** Owners and staff who sign in (migrations/2026_12_04_00_20_staff_accounts.ts). */
export type StaffRole = 'owner' | 'staff';

export interface UsersTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface UserSessionsTable {
  token_hash: string;
  org_id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface UserLinksTable {
  token_hash: string;
  kind: 'invite' | 'reset';
  org_id: string;
  user_id: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type ConsentPurpose = 'marketing';
export type ConsentSource = 'whatsapp' | 'staff';

/** One answer about consent: when, how and on what evidence (an inbox row, a staff member). */
export interface ConsentEventsTable {
  id: Generated<number>;
  org_id: string;
  contact_id: string;
  purpose: ConsentPurpose;
  decision: 'granted' | 'revoked';
  source: ConsentSource;
  evidence: string;
  created_at: CreatedAt;
}

/** A shop's ready answers for Conversas (migrations/2026_12_04_00_30_conversas_workspace.ts). */
export interface CannedRepliesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  text: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  user_links: UserLinksTable;
  connection_events: ConnectionEventsTable;
  instances: InstancesTable;
  wa_auth: WaAuthTable;
  leases: LeasesTable;
  org_leases: OrgLeasesTable;
  audit_log: AuditLogTable;
  contacts: ContactsTable;
  pets: PetsTable;
  services: ServicesTable;
  business_hours: BusinessHoursTable;
  closures: ClosuresTable;
  bookings: BookingsTable;
  resources: ResourcesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  inbox: InboxTable;
  outbox: OutboxTable;
  pending_actions: PendingActionsTable;
  ai_interactions: AiInteractionsTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  daily_summaries: DailySummariesTable;
  alerts: AlertsTable;
  consent_events: ConsentEventsTable;
  canned_replies: CannedRepliesTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type InstanceRow = Selectable<InstancesTable>;
export type ContactRow = Selectable<ContactsTable>;
export type PetRow = Selectable<PetsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type BookingRow = Selectable<BookingsTable>;
export type ResourceRow = Selectable<ResourcesTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type InboxRow = Selectable<InboxTable>;
export type NewInboxRow = Insertable<InboxTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type PendingActionRow = Selectable<PendingActionsTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type InstanceUpdate = Updateable<InstancesTable>;
