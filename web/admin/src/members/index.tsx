// Members module: contacts, organizations (a hierarchy), employees and vendors.
import BadgeIcon from '@mui/icons-material/Badge';
import BusinessIcon from '@mui/icons-material/Business';
import ContactsIcon from '@mui/icons-material/Contacts';
import LocalShippingIcon from '@mui/icons-material/LocalShipping';
import { Resource } from 'react-admin';
import { CountCard } from '../dashboard/widgets';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { memberPages } from './members';
import { de, en } from './messages';

export const MEMBERS_READ = 'members:read';
const perms = { read: MEMBERS_READ, create: 'members:create', update: 'members:update', delete: 'members:delete' };
registerResource('contacts', { path: '/contacts', entityType: 'members.contact', ...perms });
registerResource('organizations', { path: '/organizations', entityType: 'members.organization', ...perms });
registerResource('employees', { path: '/employees', entityType: 'members.employee', ...perms });
registerResource('vendors', { path: '/vendors', entityType: 'members.vendor', ...perms });

const contacts = memberPages('contacts');
const organizations = memberPages('organizations');
const employees = memberPages('employees');
const vendors = memberPages('vendors');

export const membersModule: AppModule = {
  id: 'members',
  section: 'app.menu.customers',
  apiPrefix: '/members',
  resources: [
    <Resource key="contacts" name="contacts" {...contacts} icon={ContactsIcon} recordRepresentation="name" />,
    <Resource key="organizations" name="organizations" {...organizations} icon={BusinessIcon} recordRepresentation="name" />,
    <Resource key="employees" name="employees" {...employees} icon={BadgeIcon} recordRepresentation="name" />,
    <Resource key="vendors" name="vendors" {...vendors} icon={LocalShippingIcon} recordRepresentation="name" />,
  ],
  menu: [
    { to: '/contacts', label: 'contacts', icon: ContactsIcon, permission: MEMBERS_READ, apiPath: '/contacts' },
    { to: '/organizations', label: 'organizations', icon: BusinessIcon, permission: MEMBERS_READ, apiPath: '/organizations' },
    { to: '/employees', label: 'employees', icon: BadgeIcon, permission: MEMBERS_READ, apiPath: '/employees' },
    { to: '/vendors', label: 'vendors', icon: LocalShippingIcon, permission: MEMBERS_READ, apiPath: '/vendors' },
  ],
  widgets: [
    {
      id: 'contacts',
      width: 4,
      order: 35,
      permission: MEMBERS_READ,
      apiPath: '/contacts',
      component: () => <CountCard resource="contacts" label="resources.contacts.dashboard" icon={ContactsIcon} to="/contacts" color="#c11574" />,
    },
  ],
  messages: { en, de },
};
