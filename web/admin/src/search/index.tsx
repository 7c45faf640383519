// Search module: the search index status page with a rebuild button per document type, and the
// product list's search mode with facets (ProductSearchButton in the product list's toolbar).
// Both appear only when the server's OpenAPI document lists the search API and the user holds
// search:read; opened without the API (a 404), they say search is not available.
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { CustomRoutes } from 'react-admin';
import { Route } from 'react-router-dom';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { de, en } from './messages';
import { ProductSearchPage } from './ProductSearch';
import { SEARCH_MANAGE, SEARCH_READ, SearchIndexesPage } from './SearchIndexes';

export { SEARCH_MANAGE, SEARCH_READ };
registerResource('search-indexes', { path: '/search/indexes', read: SEARCH_READ, update: SEARCH_MANAGE });

export const searchModule: AppModule = {
  id: 'search',
  section: 'app.menu.system',
  apiPrefix: '/search',
  resources: [
    <CustomRoutes key="search-routes">
      <Route path="/search/indexes" element={<SearchIndexesPage />} />
      <Route path="/search/products" element={<ProductSearchPage />} />
    </CustomRoutes>,
  ],
  menu: [{ to: '/search/indexes', label: 'resources.search.indexes_menu', icon: ManageSearchIcon, permission: SEARCH_READ, apiPath: '/search/indexes' }],
  messages: { en, de },
};
