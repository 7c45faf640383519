// Pricing module: price lists with their prices (tiers, dates), assignments with a condition
// builder, the price preview (POST /pricing/evaluate with explain=true), price CSV import and
// export, and the product editor's "Prices" tab (ProductPrices).
import AssignmentIcon from '@mui/icons-material/AssignmentTurnedIn';
import CalculateIcon from '@mui/icons-material/Calculate';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import SellIcon from '@mui/icons-material/Sell';
import { CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { AssignmentCreate, AssignmentEdit, AssignmentList } from './assignments';
import { PRICING_READ } from './common';
import { de, en } from './messages';
import { PriceListCreate, PriceListEdit, PriceListList } from './priceLists';
import { PricePreview } from './PricePreview';

export { PRICING_READ };
const perms = { read: PRICING_READ, create: 'pricing:create', update: 'pricing:update', delete: 'pricing:delete' };
// None of the pricing lists accepts `ids=`: getMany asks once per id.
registerResource('price-lists', { path: '/price-lists', entityType: 'pricing.price-list', ...perms });
registerResource('prices', { path: '/prices', entityType: 'pricing.price', ...perms });
registerResource('price-list-assignments', { path: '/price-list-assignments', entityType: 'pricing.assignment', ...perms });

export const pricingModule: AppModule = {
  id: 'pricing',
  section: 'app.menu.pricing',
  apiPrefix: '/price-lists',
  resources: [
    <Resource key="price-lists" name="price-lists" list={PriceListList} edit={PriceListEdit} create={PriceListCreate} icon={RequestQuoteIcon} recordRepresentation="name" />,
    <Resource key="prices" name="prices" icon={SellIcon} />,
    <Resource key="price-list-assignments" name="price-list-assignments" list={AssignmentList} edit={AssignmentEdit} create={AssignmentCreate} icon={AssignmentIcon} recordRepresentation="name" />,
    <CustomRoutes key="pricing-routes">
      <Route path="/pricing/preview" element={<PricePreview />} />
    </CustomRoutes>,
  ],
  menu: [
    { to: '/price-lists', label: 'price-lists', icon: RequestQuoteIcon, permission: PRICING_READ, apiPath: '/price-lists' },
    { to: '/price-list-assignments', label: 'price-list-assignments', icon: AssignmentIcon, permission: PRICING_READ, apiPath: '/price-list-assignments' },
    { to: '/pricing/preview', label: 'resources.pricing-preview.menu', icon: CalculateIcon, permission: PRICING_READ, apiPath: '/pricing/evaluate' },
  ],
  messages: { en, de },
};
