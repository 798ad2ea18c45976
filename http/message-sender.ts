import { z } from 'zod';
import { resolveActorNames } from '../storage/actor-names.js';
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

export { ADMIN_ACTOR_NAME as ADMIN_SENDER_NAME, TOKEN_ACTOR_NAME as TOKEN_SENDER_NAME } from '../storage/actor-names.js';

/** Turns sender labels into names with at most one read of the shop's users; only the team sends (customer, bot: null). */
export async function senderNames(users: UsersRepository, orgId: string, labels: ReadonlyArray<string | null | undefined>): Promise<(label: string | null | undefined) => MessageSender> {
  const names = await resolveActorNames(users.db, orgId, labels);
  return (label) => {
    const named = label ? names.get(label) : undefined;
    return named && (named.kind === 'staff' || named.kind === 'token' || named.kind === 'admin') ? { kind: named.kind, name: named.name } : null;
  };
}
