// "Search & facets" in the product list's toolbar: opens the search mode, shown only when the
// server has GET /search/products and the user holds search:read.
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { Button, usePermissions } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { useHasApi } from '../core/apiCatalog';
import { can, type Permissions } from '../core/permissions';
import { SEARCH_READ } from './SearchIndexes';

export const ProductSearchButton = () => {
  const hasApi = useHasApi('/search/products');
  const { permissions } = usePermissions<Permissions>();
  const navigate = useNavigate();
  if (!hasApi || !can(permissions, SEARCH_READ)) return null;
  return (
    <Button label="resources.search.search_mode" onClick={() => navigate('/search/products')}>
      <ManageSearchIcon />
    </Button>
  );
};
