// Inventory module: fulfillment centers (warehouses) and the stock records per product and
// center; the product editor's "Inventory" tab (ProductInventory) and a low-stock widget.
import InventoryIcon from '@mui/icons-material/Layers';
import WarehouseIcon from '@mui/icons-material/Warehouse';
import { Resource } from 'react-admin';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { FulfillmentCenterCreate, FulfillmentCenterEdit, FulfillmentCenterList } from './centers';
import { InventoryCreate, InventoryEdit, InventoryList } from './inventories';
import { de, en } from './messages';
import { LowStockWidget } from './widgets';

export const INVENTORY_READ = 'inventory:read';
const perms = { read: INVENTORY_READ, create: 'inventory:create', update: 'inventory:update', delete: 'inventory:delete' };
registerResource('fulfillment-centers', { path: '/fulfillment-centers', entityType: 'inventory.fulfillment-center', idsFilter: true, ...perms });
registerResource('inventories', { path: '/inventories', entityType: 'inventory.inventory', ...perms });

export const inventoryModule: AppModule = {
  id: 'inventory',
  section: 'app.menu.inventory',
  apiPrefix: '/inventories',
  resources: [
    <Resource key="fulfillment-centers" name="fulfillment-centers" list={FulfillmentCenterList} edit={FulfillmentCenterEdit} create={FulfillmentCenterCreate} icon={WarehouseIcon} recordRepresentation="name" />,
    <Resource key="inventories" name="inventories" list={InventoryList} edit={InventoryEdit} create={InventoryCreate} icon={InventoryIcon} />,
  ],
  menu: [
    { to: '/inventories', label: 'inventories', icon: InventoryIcon, permission: INVENTORY_READ, apiPath: '/inventories' },
    { to: '/fulfillment-centers', label: 'fulfillment-centers', icon: WarehouseIcon, permission: INVENTORY_READ, apiPath: '/fulfillment-centers' },
  ],
  widgets: [{ id: 'low-stock', width: 6, order: 95, permission: INVENTORY_READ, apiPath: '/inventories', component: LowStockWidget }],
  messages: { en, de },
};
