// react-admin auth provider: OAuth password grant against /api/v1/auth/token, refresh before
// expiry and on 401 (see http.ts), identity and permissions from /api/v1/me, and canAccess so
// react-admin hides menus and buttons the user lacks the permission for. A 403 from the API is
// not a reason to sign out: the page shows it.
import type { AuthProvider } from 'react-admin';
import { api, loadTokens, requestToken, saveTokens } from './http';
import { can, type Me, permissionsOf } from './permissions';
import { permissionFor } from './resources';

const ME_KEY = 'emporion.me';
let me: Me | null = null;
let mePromise: Promise<Me | null> | null = null;

function cachedMe(): Me | null {
  if (me) return me;
  try {
    const raw = sessionStorage.getItem(ME_KEY);
    me = raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    me = null;
  }
  return me;
}

export async function loadMe(force = false): Promise<Me | null> {
  if (!force && cachedMe()) return me;
  if (!loadTokens()) return null;
  if (!mePromise) {
    mePromise = api<Me>('/me')
      .then(({ json }) => {
        me = json;
        sessionStorage.setItem(ME_KEY, JSON.stringify(json));
        return json;
      })
      .finally(() => {
        mePromise = null;
      });
  }
  return mePromise;
}

function clear() {
  saveTokens(null);
  me = null;
  sessionStorage.removeItem(ME_KEY);
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    clear();
    try {
      await requestToken({ grant_type: 'password', username, password });
    } catch (e: any) {
      if (e?.status === 400 || e?.status === 401) throw new Error('app.auth.invalid_credentials');
      if (e?.status === 429) throw new Error('app.auth.too_many_attempts');
      throw new Error('app.auth.server_unreachable');
    }
    await loadMe(true);
  },

  async logout() {
    // The server has no revocation endpoint yet: dropping the tokens ends the session here;
    // the refresh token expires on its own.
    clear();
  },

  async checkAuth() {
    if (!loadTokens()) throw new Error('ra.auth.auth_check_error');
  },

  async checkError(error: any) {
    const status = error?.status;
    if (status === 401) {
      clear();
      throw new Error('ra.notification.logged_out');
    }
    // 403 and everything else: stay signed in; the caller shows the error.
  },

  async getIdentity() {
    const m = await loadMe();
    if (!m) throw new Error('ra.auth.auth_check_error');
    return { id: m.id, fullName: m.userName, email: m.email } as any;
  },

  async getPermissions() {
    // Rejecting (not resolving empty) when signed out keeps react-admin's requireAuth from
    // re-checking in a loop after it logs an anonymous visitor out.
    if (!loadTokens()) throw new Error('ra.auth.auth_check_error');
    try {
      return permissionsOf(await loadMe());
    } catch {
      return permissionsOf(null);
    }
  },

  async canAccess({ action, resource }) {
    const needed = permissionFor(resource, action);
    if (!needed) return true;
    let m: Me | null = null;
    try {
      m = await loadMe();
    } catch {
      return false;
    }
    return can(permissionsOf(m), needed);
  },
};
