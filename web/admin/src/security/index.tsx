// Security module: users, roles and permissions, API keys.
import GroupIcon from '@mui/icons-material/Group';
import KeyIcon from '@mui/icons-material/Key';
import PolicyIcon from '@mui/icons-material/Policy';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import { Resource } from 'react-admin';
import { CountCard } from '../dashboard/widgets';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { ApiKeyCreate, ApiKeyList } from './apiKeys';
import { de, en } from './messages';
import { PermissionList } from './permissions';
import { RoleCreate, RoleEdit, RoleList } from './roles';
import { UserCreate, UserEdit, UserList } from './users';

export const SECURITY_READ = 'security:read';
export const SECURITY_MANAGE = 'security:manage';

const rw = { read: SECURITY_READ, create: SECURITY_MANAGE, update: SECURITY_MANAGE, delete: SECURITY_MANAGE };
registerResource('users', { path: '/security/users', entityType: 'security.user', ...rw });
registerResource('roles', { path: '/security/roles', entityType: 'security.role', ...rw });
registerResource('api-keys', { path: '/security/api-keys', entityType: 'security.api-key', ...rw });
registerResource('permissions', { path: '/security/permissions', read: SECURITY_READ });

export const securityModule: AppModule = {
  id: 'security',
  section: 'app.menu.security',
  apiPrefix: '/security',
  resources: [
    <Resource key="users" name="users" list={UserList} edit={UserEdit} create={UserCreate} icon={GroupIcon} recordRepresentation="userName" />,
    <Resource key="roles" name="roles" list={RoleList} edit={RoleEdit} create={RoleCreate} icon={AdminPanelSettingsIcon} recordRepresentation="name" />,
    <Resource key="api-keys" name="api-keys" list={ApiKeyList} create={ApiKeyCreate} icon={KeyIcon} recordRepresentation="name" />,
    <Resource key="permissions" name="permissions" list={PermissionList} icon={PolicyIcon} />,
  ],
  menu: [
    { to: '/users', label: 'users', icon: GroupIcon, permission: SECURITY_READ, apiPath: '/security/users' },
    { to: '/roles', label: 'roles', icon: AdminPanelSettingsIcon, permission: SECURITY_READ, apiPath: '/security/roles' },
    { to: '/permissions', label: 'permissions', icon: PolicyIcon, permission: SECURITY_READ, apiPath: '/security/permissions' },
    { to: '/api-keys', label: 'api-keys', icon: KeyIcon, permission: SECURITY_READ, apiPath: '/security/api-keys' },
  ],
  widgets: [
    {
      id: 'users',
      width: 4,
      order: 30,
      permission: SECURITY_READ,
      apiPath: '/security/users',
      component: () => <CountCard resource="users" label="app.dashboard.users" icon={GroupIcon} to="/users" color="#6941c6" />,
    },
  ],
  messages: { en, de },
};
