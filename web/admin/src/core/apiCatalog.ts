// Which API routes the server offers, read once from its public OpenAPI document, so pages of
// modules the server does not have yet stay hidden. If the document cannot be read, everything
// is assumed present.
import { useQuery } from '@tanstack/react-query';

async function fetchPaths(): Promise<string[] | null> {
  try {
    const res = await fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    const doc = await res.json();
    const base: string = doc?.servers?.[0]?.url ?? '';
    return Object.keys(doc?.paths ?? {}).map((p) => {
      const full = base && !p.startsWith('/api/') ? `${base.replace(/\/$/, '')}${p}` : p;
      return full.replace(/^https?:\/\/[^/]+/, '');
    });
  } catch {
    return null;
  }
}

export function useApiPaths() {
  return useQuery({ queryKey: ['openapi-paths'], queryFn: fetchPaths, staleTime: Infinity, gcTime: Infinity });
}

/** True when a path under /api/v1 starting with `prefix` exists (or the catalog is unknown). */
export function hasApi(paths: string[] | null | undefined, prefix: string | undefined): boolean {
  if (!prefix || !paths) return true;
  const full = `/api/v1${prefix}`;
  return paths.some((p) => p === full || p.startsWith(`${full}/`) || p.startsWith(`${full}{`));
}

export function useHasApi(prefix: string | undefined): boolean {
  const { data } = useApiPaths();
  return hasApi(data, prefix);
}
