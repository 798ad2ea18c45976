import { sql } from 'kysely';
import type { StaffRole } from './database.js';
import type { Executor } from './executor.js';
import { ConflictError, isUniqueViolation } from './storage-errors.js';

export interface StaffUser {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: StaffRole;
  /** False until the invite is accepted (no password yet). */
  active: boolean;
  createdAt: string;
  disabledAt: string | null;
}

interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toUser(row: UserRow): StaffUser {
  return {
    id: row.id, orgId: row.org_id, email: row.email, name: row.name, role: row.role,
    active: row.password_hash !== null, createdAt: iso(row.created_at), disabledAt: row.disabled_at === null ? null : iso(row.disabled_at),
  };
}

/** E-mail addresses compare without case or surrounding space. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * A shop's people (owners and staff), their sign-in sessions and their invite or reset links.
 * Tokens are stored as hashes only; times come from the caller's clock.
 */
export class UsersRepository {
  constructor(readonly db: Executor) {}

  /** A new account, without a password until its invite is accepted; EMAIL_TAKEN when another account has the e-mail. */
  async create(input: { orgId: string; email: string; name: string; role: StaffRole }, now: Date): Promise<StaffUser> {
    try {
      const row = await this.db.insertInto('users')
        .values({ org_id: input.orgId, email: normalizeEmail(input.email), name: input.name.trim(), role: input.role, password_hash: null, created_at: now })
        .returningAll().executeTakeFirstOrThrow();
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new ConflictError('EMAIL_TAKEN', 'Another account already uses this e-mail');
      throw error;
    }
  }

  async listByOrg(orgId: string): Promise<StaffUser[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
    return rows.map(toUser);
  }

  async findById(orgId: string, id: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** For sign-in: the account and its password hash (undefined for an unknown or disabled e-mail). */
  async findForSignIn(email: string): Promise<{ user: StaffUser; passwordHash: string | null } | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).where('disabled_at', 'is', null).executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async setPassword(orgId: string, id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  /** A new password chosen by the signed-in person: every other session of the account ends, this one stays. */
  async changePassword(orgId: string, id: string, passwordHash: string, keepSessionHash: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('org_id', '=', orgId).where('id', '=', id).execute();
      await trx.deleteFrom('user_sessions').where('org_id', '=', orgId).where('user_id', '=', id).where('token_hash', '<>', keepSessionHash).execute();
    });
  }

  async setRole(orgId: string, id: string, role: StaffRole): Promise<void> {
    await this.db.updateTable('users').set({ role }).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  /** Disables the account and ends all its sessions in one transaction. */
  async disable(orgId: string, id: string, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: now }).where('org_id', '=', orgId).where('id', '=', id).execute();
      await trx.deleteFrom('user_sessions').where('org_id', '=', orgId).where('user_id', '=', id).execute();
    });
  }

  // ---- sessions ----

  async createSession(tokenHash: string, user: Pick<StaffUser, 'id' | 'orgId'>, now: Date, expiresAt: Date): Promise<void> {
    await this.db.insertInto('user_sessions').values({ token_hash: tokenHash, org_id: user.orgId, user_id: user.id, created_at: now, expires_at: expiresAt }).execute();
  }

  /** The signed-in account of a live session (an expired session or a disabled account is none). */
  async findSession(tokenHash: string, now: Date): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('user_sessions as s').innerJoin('users as u', (join) => join.onRef('u.id', '=', 's.user_id').onRef('u.org_id', '=', 's.org_id'))
      .selectAll('u')
      .where('s.token_hash', '=', tokenHash).where('s.expires_at', '>', now).where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Sign-out everywhere: every session of the account ends. Returns how many there were. */
  async deleteSessionsOf(orgId: string, userId: string): Promise<number> {
    const result = await this.db.deleteFrom('user_sessions').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // ---- invite and reset links ----

  async createLink(input: { tokenHash: string; kind: 'invite' | 'reset'; orgId: string; userId: string; createdBy: string }, now: Date, expiresAt: Date): Promise<void> {
    await this.db.insertInto('user_links').values({
      token_hash: input.tokenHash, kind: input.kind, org_id: input.orgId, user_id: input.userId, created_by: input.createdBy, created_at: now, expires_at: expiresAt, used_at: null,
    }).execute();
  }

  /**
   * Uses a link once: sets the account's password and ends its other sessions, atomically, and
   * only while the link is unused and unexpired. Returns the account, or undefined.
   */
  async useLink(tokenHash: string, passwordHash: string, now: Date): Promise<StaffUser | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const link = await trx.updateTable('user_links').set({ used_at: now })
        .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now)
        .returning(['org_id', 'user_id']).executeTakeFirst();
      if (!link) return undefined;
      const row = await trx.updateTable('users').set({ password_hash: passwordHash })
        .where('org_id', '=', link.org_id).where('id', '=', link.user_id).where('disabled_at', 'is', null)
        .returningAll().executeTakeFirst();
      if (!row) return undefined;
      await trx.deleteFrom('user_sessions').where('org_id', '=', link.org_id).where('user_id', '=', link.user_id).execute();
      // Older unused links of the account stop working too: only the newest link was meant.
      await trx.updateTable('user_links').set({ used_at: now }).where('user_id', '=', link.user_id).where('used_at', 'is', null).execute();
      return toUser(row);
    });
  }

  /** Ends expired sessions and links (housekeeping). */
  async sweep(now: Date): Promise<void> {
    await this.db.deleteFrom('user_sessions').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('user_links').where(sql<boolean>`expires_at <= ${now}::timestamptz or used_at is not null`).execute();
  }
}
