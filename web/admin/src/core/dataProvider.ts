// react-admin data provider for the emporion API contract (CONTRACT.md section 2):
// lists `{items,total}` with limit/offset/sort=field:asc/q/<field>=value, ETag + If-Match on
// writes (the record's `version`), JSON merge-patch updates and problem+json errors.
import type { DataProvider, GetListParams, Identifier, RaRecord } from 'react-admin';
import { api, versionFromETag } from './http';
import { resourcePath, resourceSpec } from './resources';

const READ_ONLY = new Set(['id', 'version', 'createdAt', 'createdBy', 'modifiedAt', 'modifiedBy']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** RFC 7396 merge patch turning `prev` into `next` (removed keys become null). */
export function mergePatch(prev: Record<string, unknown>, next: Record<string, unknown>, top = true): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (top && READ_ONLY.has(k)) continue;
    const p = prev?.[k];
    if (deepEqual(p, v)) continue;
    if (isPlainObject(v) && isPlainObject(p)) {
      const sub = mergePatch(p, v, false);
      if (Object.keys(sub).length) patch[k] = sub;
    } else {
      patch[k] = v === undefined ? null : v;
    }
  }
  // Keys missing from `next` are fields the form never held (derived or unknown): left as they are.
  return patch;
}

function appendParam(qs: URLSearchParams, key: string, value: unknown) {
  if (value === undefined || value === null || value === '') return;
  if (Array.isArray(value)) {
    if (value.length) qs.set(key, value.join(','));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as object)) appendParam(qs, `${key}.${k}`, v);
  } else qs.set(key, String(value));
}

export function listQuery(params: Partial<GetListParams>): URLSearchParams {
  const qs = new URLSearchParams();
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  qs.set('limit', String(Math.min(perPage, 1000)));
  qs.set('offset', String((page - 1) * perPage));
  if (params.sort?.field && params.sort.field !== 'id') {
    qs.set('sort', `${params.sort.field}:${params.sort.order === 'DESC' ? 'desc' : 'asc'}`);
  }
  for (const [k, v] of Object.entries(params.filter ?? {})) appendParam(qs, k, v);
  return qs;
}

function withVersion<T extends RaRecord>(record: T, headers: Headers): T {
  const v = versionFromETag(headers.get('ETag'));
  if (record && typeof record === 'object' && record.version === undefined && v !== undefined) {
    return { ...record, version: v };
  }
  return record;
}

function ifMatch(version: unknown): Record<string, string> {
  return version === undefined || version === null ? {} : { 'If-Match': `"${version}"` };
}

function normalizeList(json: any): { items: RaRecord[]; total: number } {
  if (Array.isArray(json)) return { items: json, total: json.length };
  const items = (json?.items ?? []) as RaRecord[];
  return { items, total: typeof json?.total === 'number' ? json.total : items.length };
}

function metaPath(resource: string, meta?: any): string {
  return meta?.path ?? resourcePath(resource);
}

function metaQuery(meta?: any): string {
  if (!meta?.query) return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(meta.query)) appendParam(qs, k, v);
  const s = qs.toString();
  return s ? `?${s}` : '';
}

const enc = (id: Identifier) => encodeURIComponent(String(id));

export const dataProvider: DataProvider = {
  async getList(resource, params) {
    const qs = listQuery(params);
    if (params.meta?.query) for (const [k, v] of Object.entries(params.meta.query)) appendParam(qs, k, v);
    const { json } = await api(`${metaPath(resource, params.meta)}?${qs}`, { signal: params.signal });
    const { items, total } = normalizeList(json);
    return { data: items.map((r, i) => (r.id === undefined ? { ...r, id: r.name ?? i } : r)) as any[], total };
  },

  async getOne(resource, params) {
    const { json, headers } = await api(`${metaPath(resource, params.meta)}/${enc(params.id)}${metaQuery(params.meta)}`, {
      signal: params.signal,
    });
    return { data: withVersion(json, headers) };
  },

  async getMany(resource, params) {
    if (resourceSpec(resource)?.idsFilter && !params.meta?.path) {
      const qs = new URLSearchParams({ ids: params.ids.map(String).join(','), limit: String(Math.min(params.ids.length, 1000)) });
      const { json } = await api(`${resourcePath(resource)}?${qs}`, { signal: params.signal });
      return { data: normalizeList(json).items as any[] };
    }
    const results = await Promise.all(
      params.ids.map((id) =>
        api(`${metaPath(resource, params.meta)}/${enc(id)}`, { signal: params.signal })
          .then((r) => r.json as RaRecord)
          .catch(() => null),
      ),
    );
    return { data: results.filter((r): r is RaRecord => r !== null) as any[] };
  },

  async getManyReference(resource, params) {
    const qs = listQuery(params);
    appendParam(qs, params.target, params.id);
    const { json } = await api(`${metaPath(resource, params.meta)}?${qs}`, { signal: params.signal });
    const { items, total } = normalizeList(json);
    return { data: items as any[], total };
  },

  async create(resource, params) {
    const { json, headers } = await api(`${metaPath(resource, params.meta)}${metaQuery(params.meta)}`, {
      method: 'POST',
      body: params.data,
    });
    return { data: withVersion({ ...params.data, ...json }, headers) };
  },

  async update(resource, params) {
    const prev = (params.previousData ?? {}) as Record<string, unknown>;
    const version = prev.version ?? (params.data as any).version;
    const usePut = params.meta?.method === 'PUT';
    const body = usePut ? params.data : mergePatch(prev, params.data as Record<string, unknown>);
    const { json, headers } = await api(`${metaPath(resource, params.meta)}/${enc(params.id)}${metaQuery(params.meta)}`, {
      method: usePut ? 'PUT' : 'PATCH',
      body,
      headers: { ...ifMatch(version), ...(usePut ? {} : { 'Content-Type': 'application/merge-patch+json' }) },
    });
    return { data: withVersion(json ?? { ...prev, ...params.data }, headers) };
  },

  async updateMany(resource, params) {
    await Promise.all(
      params.ids.map((id) =>
        api(`${metaPath(resource, params.meta)}/${enc(id)}`, {
          method: 'PATCH',
          body: params.data,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    );
    return { data: params.ids };
  },

  async delete(resource, params) {
    await api(`${metaPath(resource, params.meta)}/${enc(params.id)}${metaQuery(params.meta)}`, {
      method: 'DELETE',
      headers: ifMatch(params.previousData?.version),
    });
    return { data: (params.previousData ?? { id: params.id }) as any };
  },

  async deleteMany(resource, params) {
    await Promise.all(
      params.ids.map((id) => api(`${metaPath(resource, params.meta)}/${enc(id)}${metaQuery(params.meta)}`, { method: 'DELETE' })),
    );
    return { data: params.ids };
  },
};
