// Dashboard widgets of the catalog: sizes and products per catalog.
import CategoryIcon from '@mui/icons-material/Category';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { useQuery } from '@tanstack/react-query';
import { useGetList, useTranslate } from 'react-admin';
import { api } from '../core/http';
import { BarChart, CountCard, Panel } from '../dashboard/widgets';

export const ProductsCard = () => <CountCard resource="products" label="app.dashboard.products" icon={Inventory2Icon} to="/products" />;
export const CategoriesCard = () => <CountCard resource="categories" label="app.dashboard.categories" icon={CategoryIcon} color="#0f8b8d" />;
export const CatalogsCard = () => <CountCard resource="catalogs" label="app.dashboard.catalogs" icon={MenuBookIcon} to="/catalogs" color="#b54708" />;

export const CatalogSizeWidget = () => {
  const translate = useTranslate();
  const { data: catalogs = [] } = useGetList('catalogs', { pagination: { page: 1, perPage: 20 }, sort: { field: 'name', order: 'ASC' } });
  const ids = catalogs.map((c) => c.id);
  const { data = [] } = useQuery({
    queryKey: ['catalog-sizes', ids],
    enabled: ids.length > 0,
    queryFn: () =>
      Promise.all(
        catalogs.map((c) =>
          api<{ total: number }>(`/products?catalogId=${encodeURIComponent(String(c.id))}&limit=1`).then((r) => ({
            label: c.name as string,
            value: r.json.total ?? 0,
          })),
        ),
      ),
  });
  return (
    <Panel title="app.dashboard.catalog_size" testId="catalog-size">
      <BarChart data={[...data].sort((a, b) => b.value - a.value)} empty={translate('ra.navigation.no_results', { name: translate('resources.catalogs.name', { smart_count: 2 }) })} />
    </Panel>
  );
};
