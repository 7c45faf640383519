// The one way the back office talks to the server: adds the bearer token, refreshes it shortly
// before it expires and once more on a 401, and turns every non-2xx answer into an HttpError
// whose message is the problem+json title/detail and whose body carries the validation errors in
// react-admin's shape ({ field.path: message }), so forms can show them on the right inputs.
import { HttpError } from 'react-admin';

export const API = '/api/v1';

const STORAGE_KEY = 'emporion.auth';
const REFRESH_MARGIN_MS = 60_000;

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number; // ms since epoch
}

export function loadTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(t: Tokens | null) {
  if (t) localStorage.setItem(STORAGE_KEY, JSON.stringify(t));
  else localStorage.removeItem(STORAGE_KEY);
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

function tokensFrom(r: TokenResponse): Tokens {
  return {
    accessToken: r.access_token,
    refreshToken: r.refresh_token,
    expiresAt: Date.now() + (r.expires_in ?? 3600) * 1000,
  };
}

/** Calls the OAuth token endpoint; rejects with the RFC 6749 error code as message. */
export async function requestToken(body: Record<string, string>): Promise<Tokens> {
  const res = await fetch(`${API}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code = (json && (json.error as string)) || `http_${res.status}`;
    throw new HttpError(code, res.status, json);
  }
  const tokens = tokensFrom(json as TokenResponse);
  saveTokens(tokens);
  return tokens;
}

let refreshing: Promise<Tokens | null> | null = null;

/** Exchanges the refresh token for a new pair; one exchange at a time for all callers. */
export function refreshTokens(): Promise<Tokens | null> {
  if (refreshing) return refreshing;
  const current = loadTokens();
  if (!current?.refreshToken) return Promise.resolve(null);
  refreshing = requestToken({ grant_type: 'refresh_token', refresh_token: current.refreshToken })
    .catch(() => {
      // Another tab may have refreshed meanwhile: its tokens are good.
      const now = loadTokens();
      if (now && now.accessToken !== current.accessToken && now.expiresAt > Date.now()) return now;
      saveTokens(null);
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function validToken(): Promise<string | null> {
  const t = loadTokens();
  if (!t) return null;
  if (t.expiresAt - Date.now() < REFRESH_MARGIN_MS && t.refreshToken) {
    const fresh = await refreshTokens();
    return fresh?.accessToken ?? (t.expiresAt > Date.now() ? t.accessToken : null);
  }
  return t.accessToken;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  json: T;
}

export interface FieldError {
  field: string;
  message: string;
}

/** "items[3].sku" -> "items.3.sku", the path react-hook-form uses. */
export function fieldPath(field: string): string {
  return field.replace(/\[(\w+)\]/g, '.$1').replace(/^\./, '').replace(/^\$\./, '');
}

/** Builds the HttpError for a failed answer: problem+json, OAuth error or plain text. */
export function toHttpError(status: number, body: any, text: string): HttpError {
  let message: string;
  if (status === 412) message = 'app.error.changed_elsewhere';
  else if (status === 403) message = 'app.error.forbidden';
  else if (body && typeof body === 'object') {
    message = body.detail || body.title || body.error_description || body.error || `HTTP ${status}`;
  } else message = text || `HTTP ${status}`;
  const errors: Record<string, string> = {};
  const list: FieldError[] = Array.isArray(body?.errors) ? body.errors : [];
  for (const e of list) {
    if (e && typeof e.field === 'string' && e.field) errors[fieldPath(e.field)] = e.message || 'invalid';
  }
  const raBody = { ...(body && typeof body === 'object' ? body : {}), fieldErrors: list };
  if (list.length > 0) {
    (raBody as any).errors = errors;
    // A validation error naming fields is told on those fields; the banner names how many.
    if (status === 400 || status === 422) message = body?.title || body?.detail || message;
  } else {
    delete (raBody as any).errors;
  }
  return new HttpError(message, status, raBody);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body (FormData, Blob, text): sent as is. */
  rawBody?: BodyInit;
  signal?: AbortSignal;
}

/** Calls `${API}${path}` and returns status, headers and parsed JSON; throws HttpError. */
export async function api<T = any>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const url = path.startsWith('/api/') ? path : `${API}${path}`;
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers };
    const lang = localStorage.getItem('emporion.locale');
    if (lang && !headers['Accept-Language']) headers['Accept-Language'] = lang === 'de' ? 'de-DE,de;q=0.9,en;q=0.5' : 'en-US,en;q=0.9';
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (!headers['Content-Type']) headers['Content-Type'] = 'application/json';
    }
    return fetch(url, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  };
  const token = await validToken();
  // Signed out (or signed out meanwhile, e.g. a poll after logout): no point asking the server.
  if (!token) throw new HttpError('ra.auth.auth_check_error', 401, {});
  let res = await send(token);
  if (res.status === 401 && loadTokens()?.refreshToken) {
    const fresh = await refreshTokens();
    if (fresh) res = await send(fresh.accessToken);
  }
  const text = res.status === 204 ? '' : await res.text();
  let json: any = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) throw toHttpError(res.status, json, text);
  return { status: res.status, headers: res.headers, json: json as T };
}

/** The version an ETag header names (`"7"` or `W/"7"`), if any. */
export function versionFromETag(etag: string | null): number | undefined {
  if (!etag) return undefined;
  const m = /^(?:W\/)?"?([^"]*)"?$/.exec(etag.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : undefined;
}
