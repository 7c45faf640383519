// Stores module: sales channels with their catalog, languages, currencies, fulfillment centers,
// settings and SEO.
import StorefrontIcon from '@mui/icons-material/Storefront';
import { Resource } from 'react-admin';
import { CountCard } from '../dashboard/widgets';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { de, en } from './messages';
import { StoreCreate, StoreEdit, StoreList } from './stores';

export const STORES_READ = 'stores:read';
registerResource('stores', {
  path: '/stores',
  entityType: 'stores.store',
  idsFilter: true,
  read: STORES_READ,
  create: 'stores:create',
  update: 'stores:update',
  delete: 'stores:delete',
});

export const storesModule: AppModule = {
  id: 'stores',
  section: 'app.menu.channels',
  apiPrefix: '/stores',
  resources: [<Resource key="stores" name="stores" list={StoreList} edit={StoreEdit} create={StoreCreate} icon={StorefrontIcon} recordRepresentation="name" />],
  menu: [{ to: '/stores', label: 'stores', icon: StorefrontIcon, permission: STORES_READ, apiPath: '/stores' }],
  widgets: [
    {
      id: 'stores',
      width: 4,
      order: 25,
      permission: STORES_READ,
      apiPath: '/stores',
      component: () => <CountCard resource="stores" label="resources.stores.dashboard" icon={StorefrontIcon} to="/stores" color="#027a48" />,
    },
  ],
  messages: { en, de },
};
