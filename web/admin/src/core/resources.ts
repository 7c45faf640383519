// Where each react-admin resource lives under /api/v1 and which permission each action needs.
// Modules register their resources here (see src/<module>/index.tsx) so the data provider, the
// access control and the menu agree on one table.
export type Action = 'list' | 'show' | 'edit' | 'create' | 'delete' | 'export' | 'clone';

export interface ResourceSpec {
  /** API path under /api/v1 (default: `/${name}`). */
  path?: string;
  /** Permission per action; `read` covers list/show/export, `update` covers edit. */
  read?: string;
  create?: string;
  update?: string;
  delete?: string;
  /** The list accepts `ids=a,b,c`, so getMany is one request. */
  idsFilter?: boolean;
  /** Stable name of the record kind in change history (`entityType`). */
  entityType?: string;
}

const specs: Record<string, ResourceSpec> = {};

export function registerResource(name: string, spec: ResourceSpec) {
  specs[name] = spec;
}

export function resourceSpec(name: string): ResourceSpec | undefined {
  return specs[name];
}

export function resourcePath(name: string): string {
  return specs[name]?.path ?? `/${name}`;
}

export function permissionFor(resource: string, action: string): string | undefined {
  const s = specs[resource];
  if (!s) return undefined;
  switch (action) {
    case 'list':
    case 'show':
    case 'export':
      return s.read;
    case 'edit':
      return s.update;
    case 'create':
    case 'clone':
      return s.create;
    case 'delete':
      return s.delete;
    default:
      return s.update;
  }
}

/** The resource whose records change history files under `entityType` (e.g. catalog.product). */
export function resourceForEntityType(entityType: string): string | undefined {
  return Object.entries(specs).find(([, s]) => s.entityType === entityType)?.[0];
}
