// Catalog module: catalogs with their category trees, products, properties and dictionaries.
import CategoryIcon from '@mui/icons-material/Category';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import TuneIcon from '@mui/icons-material/Tune';
import { Resource } from 'react-admin';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { CatalogBrowser } from './CatalogBrowser';
import { CatalogCreate, CatalogEdit, CatalogList } from './catalogs';
import { CategoryCreate, CategoryEdit } from './categories';
import { de, en } from './messages';
import { ProductCreate, ProductEdit, ProductList } from './products';
import { PropertyCreate, PropertyEdit, PropertyList } from './properties';
import { CatalogsCard, CatalogSizeWidget, CategoriesCard, ProductsCard } from './widgets';

export const CATALOG_READ = 'catalog:read';
const perms = { read: CATALOG_READ, create: 'catalog:create', update: 'catalog:update', delete: 'catalog:delete' };
// Only categories and products accept `ids=` (catalogs and properties ignore it, so a getMany
// through it would answer with the wrong records).
registerResource('catalogs', { path: '/catalogs', entityType: 'catalog.catalog', ...perms });
registerResource('categories', { path: '/categories', entityType: 'catalog.category', idsFilter: true, ...perms });
registerResource('products', { path: '/products', entityType: 'catalog.product', idsFilter: true, ...perms });
registerResource('properties', { path: '/properties', entityType: 'catalog.property', ...perms });

export const catalogModule: AppModule = {
  id: 'catalog',
  section: 'app.menu.catalog',
  apiPrefix: '/catalogs',
  resources: [
    <Resource key="catalogs" name="catalogs" list={CatalogList} show={CatalogBrowser} edit={CatalogEdit} create={CatalogCreate} icon={MenuBookIcon} recordRepresentation="name" />,
    <Resource key="categories" name="categories" edit={CategoryEdit} create={CategoryCreate} icon={CategoryIcon} recordRepresentation="name" />,
    <Resource key="products" name="products" list={ProductList} edit={ProductEdit} create={ProductCreate} icon={Inventory2Icon} recordRepresentation="name" />,
    <Resource key="properties" name="properties" list={PropertyList} edit={PropertyEdit} create={PropertyCreate} icon={TuneIcon} recordRepresentation="name" />,
  ],
  menu: [
    { to: '/catalogs', label: 'catalogs', icon: MenuBookIcon, permission: CATALOG_READ, apiPath: '/catalogs' },
    { to: '/products', label: 'products', icon: Inventory2Icon, permission: CATALOG_READ, apiPath: '/products' },
    { to: '/properties', label: 'properties', icon: TuneIcon, permission: CATALOG_READ, apiPath: '/properties' },
  ],
  widgets: [
    { id: 'products', width: 4, order: 10, permission: CATALOG_READ, apiPath: '/products', component: ProductsCard },
    { id: 'categories', width: 4, order: 15, permission: CATALOG_READ, apiPath: '/categories', component: CategoriesCard },
    { id: 'catalogs', width: 4, order: 20, permission: CATALOG_READ, apiPath: '/catalogs', component: CatalogsCard },
    { id: 'catalog-size', width: 6, order: 90, permission: CATALOG_READ, apiPath: '/products', component: CatalogSizeWidget },
  ],
  messages: { en, de },
};
