// Row clicks and bulk actions that follow the user's permissions: a row opens the editor only
// for those who may edit; bulk actions appear only for those who may change the records.
import { useCanAccess } from 'react-admin';

export function useRowClick(resource: string, fallback: 'show' | false = false): 'edit' | 'show' | false {
  const { canAccess } = useCanAccess({ resource, action: 'edit' });
  return canAccess ? 'edit' : fallback;
}

export function useCanChange(resource: string): boolean {
  const { canAccess } = useCanAccess({ resource, action: 'edit' });
  return !!canAccess;
}
