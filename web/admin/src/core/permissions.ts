// The signed-in user's effective permissions (from GET /api/v1/me) and the checks the menu,
// buttons and pages use. Administrators hold everything.
export interface PermissionGrant {
  name: string;
  storeIds?: string[];
  catalogIds?: string[];
}

export interface Me {
  id: string;
  userName: string;
  email?: string;
  userType?: string;
  roles?: string[];
  isAdministrator?: boolean;
  permissions?: (PermissionGrant | string)[];
}

export interface Permissions {
  isAdministrator: boolean;
  names: Set<string>;
  grants: PermissionGrant[];
}

export const NO_PERMISSIONS: Permissions = { isAdministrator: false, names: new Set(), grants: [] };

export function permissionsOf(me: Me | null | undefined): Permissions {
  if (!me) return NO_PERMISSIONS;
  const grants = (me.permissions ?? []).map((p) => (typeof p === 'string' ? { name: p } : p));
  return { isAdministrator: !!me.isAdministrator, names: new Set(grants.map((g) => g.name)), grants };
}

/** True when `perms` grants `name` (exactly, through `module:*`, or `*`). No name: allowed. */
export function can(perms: Permissions | undefined | null, name: string | undefined): boolean {
  if (!name) return true;
  if (!perms) return false;
  if (perms.isAdministrator || perms.names.has('*') || perms.names.has(name)) return true;
  const mod = name.split(':')[0];
  return perms.names.has(`${mod}:*`);
}
