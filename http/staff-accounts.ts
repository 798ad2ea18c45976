import { generateToken, hashToken } from '../storage/api-tokens.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../storage/passwords.js';
import type { StaffRole } from '../storage/database.js';
import type { StaffUser, UsersRepository } from '../storage/users.repository.js';
import type { Clock } from '../runtime/clock.js';
import { HttpError } from './errors.js';

/** How long a dashboard sign-in lasts. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;
/** How long an invite link may wait to be accepted. */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;
/** A password reset link is short-lived: it is a credential. */
export const RESET_TTL_MS = 24 * 3_600_000;

const SESSION_PREFIX = 'ses_';
const LINK_PREFIX = 'lnk_';

/** A hash to verify against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

export class InvalidCredentialsError extends HttpError {
  constructor() {
    super(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
  }
}

/**
 * Owners' and staff's accounts at the HTTP edge: sign-in makes a session token (stored hashed;
 * the caller puts it in an httpOnly cookie), invites and password resets make one-time links
 * whose token is shown once. Passwords are scrypt hashes (storage/passwords.ts).
 */
export class StaffAccounts {
  constructor(
    readonly users: UsersRepository,
    readonly clock: Clock,
  ) {}

  #now(): Date {
    return new Date(this.clock.now());
  }

  async signIn(email: string, password: string): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
    const found = await this.users.findForSignIn(email);
    decoy ??= hashPassword('not the password of anyone');
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoy));
    if (!found?.passwordHash || !ok) throw new InvalidCredentialsError();
    const token = generateToken(SESSION_PREFIX);
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.users.createSession(hashToken(token), found.user, now, expiresAt);
    return { token, user: found.user, expiresAt };
  }

  /** The account signed in with this session token, if the session is live. */
  whoIs(sessionToken: string): Promise<StaffUser | undefined> {
    if (!sessionToken.startsWith(SESSION_PREFIX)) return Promise.resolve(undefined);
    return this.users.findSession(hashToken(sessionToken), this.#now());
  }

  signOut(sessionToken: string): Promise<void> {
    return this.users.deleteSession(hashToken(sessionToken));
  }

  signOutEverywhere(user: Pick<StaffUser, 'orgId' | 'id'>): Promise<number> {
    return this.users.deleteSessionsOf(user.orgId, user.id);
  }

  /** A new owner or staff account and its invite link token (shown once). */
  async invite(orgId: string, input: { email: string; name: string; role: StaffRole }, by: string): Promise<{ user: StaffUser; token: string; expiresAt: Date }> {
    const now = this.#now();
    const user = await this.users.create({ orgId, ...input }, now);
    const { token, expiresAt } = await this.#link('invite', user, by, INVITE_TTL_MS);
    return { user, token, expiresAt };
  }

  /** A reset link for an account of the shop (the owner hands it over); the account keeps working until it is used. */
  async resetLink(user: StaffUser, by: string): Promise<{ token: string; expiresAt: Date }> {
    return this.#link('reset', user, by, RESET_TTL_MS);
  }

  /** Sets the password through a link (once); every other session of the account ends. */
  async useLink(linkToken: string, password: string): Promise<StaffUser> {
    checkPassword(password);
    const user = linkToken.startsWith(LINK_PREFIX) ? await this.users.useLink(hashToken(linkToken), await hashPassword(password), this.#now()) : undefined;
    if (!user) throw new HttpError(410, 'LINK_EXPIRED', 'This link was already used or has expired; ask the shop owner for a new one');
    return user;
  }

  /** The signed-in person changes their own password, knowing the current one; their other sessions end. */
  async changePassword(sessionToken: string, current: string, next: string): Promise<StaffUser> {
    const user = await this.whoIs(sessionToken);
    if (!user) throw new HttpError(401, 'UNAUTHORIZED', 'Not signed in');
    checkPassword(next);
    const found = await this.users.findForSignIn(user.email);
    if (!found?.passwordHash || !(await verifyPassword(current, found.passwordHash))) throw new InvalidCredentialsError();
    await this.users.changePassword(user.orgId, user.id, await hashPassword(next), hashToken(sessionToken));
    return user;
  }

  async #link(kind: 'invite' | 'reset', user: StaffUser, by: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = generateToken(LINK_PREFIX);
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.users.createLink({ tokenHash: hashToken(token), kind, orgId: user.orgId, userId: user.id, createdBy: by }, now, expiresAt);
    return { token, expiresAt };
  }
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new HttpError(400, 'VALIDATION_FAILED', `The password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, { problems: [{ path: 'password', message: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` }] });
  }
}
