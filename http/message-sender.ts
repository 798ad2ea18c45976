import { z } from 'zod';
import type { UsersRepository } from '../storage/users.repository.js';

/**
 * Who of the team sent a message, as the dashboard shows it ("Bia · 10:32"). A message keeps the
 * audit log's label of the credential that sent it (`staff:<user id>`, `org-token:<fingerprint>`,
 * `admin-token:<fingerprint>`); the name is looked up when the message is read, among the users of
 * the message's own shop, so a renamed person shows their current name and no other shop's
 * people are ever consulted.
 */
export const messageSenderSchema = z
  .object({ kind: z.enum(['staff', 'token', 'admin']), name: z.string() })
  .nullable()
  .describe('Who of the team sent it from the dashboard or the API (null for the customer, the bot, Aurora and replies typed on the shop\'s phone)');

export type MessageSender = z.infer<typeof messageSenderSchema>;

export const TOKEN_SENDER_NAME = 'Equipe (token da loja)';
export const ADMIN_SENDER_NAME = 'Administração do Patinha';
/** A staff label whose account is not (or no longer) among the shop's users. */
export const UNKNOWN_STAFF_NAME = 'Equipe';

type ParsedLabel = { kind: 'staff'; userId: string } | { kind: 'token' } | { kind: 'admin' };

function parseLabel(label: string | null | undefined): ParsedLabel | undefined {
  if (!label) return undefined;
  const [kind, id] = label.split(':', 2);
  if (kind === 'staff' && id) return { kind: 'staff', userId: id };
  if (kind === 'org-token') return { kind: 'token' };
  if (kind === 'admin-token') return { kind: 'admin' };
  return undefined;
}

/** Turns sender labels into names with at most one read of the shop's users (none without a staff label). */
export async function senderNames(users: UsersRepository, orgId: string, labels: ReadonlyArray<string | null | undefined>): Promise<(label: string | null | undefined) => MessageSender> {
  const needsUsers = labels.some((label) => parseLabel(label)?.kind === 'staff');
  const names = new Map(needsUsers ? (await users.listByOrg(orgId)).map((u) => [u.id, u.name] as const) : []);
  return (label) => {
    const parsed = parseLabel(label);
    switch (parsed?.kind) {
      case 'staff':
        return { kind: 'staff', name: names.get(parsed.userId) ?? UNKNOWN_STAFF_NAME };
      case 'token':
        return { kind: 'token', name: TOKEN_SENDER_NAME };
      case 'admin':
        return { kind: 'admin', name: ADMIN_SENDER_NAME };
      default:
        return null;
    }
  };
}
