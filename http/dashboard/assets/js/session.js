/**
 * Who signed in on this browser, remembered in localStorage: either an access token (the
 * operator, integrations) or an owner's or staff member's account — whose credential is the
 * httpOnly session cookie, never stored here.
 */
const KEY = 'patinha.session.v1';

export function loadSession() {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw);
    if (s?.kind === 'account') return typeof s.orgId === 'string' && s.user ? s : null;
    return typeof s?.token === 'string' && s.token ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  localStorage.removeItem(KEY);
}

/** A signed-in staff member (not the owner): the shop's settings are not theirs to change. */
export const isStaffOnly = (session) => session?.kind === 'account' && session.user?.role === 'staff';
