// Dashboard widget: the records with the least stock (the API sorts by inStockQuantity; it has no
// "available <= reorder minimum" filter), with those at or below their reorder minimum marked.
import { Box, Chip, Typography } from '@mui/material';
import { useGetList, useGetMany, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { Panel } from '../dashboard/widgets';
import { isLow } from './inventories';

export const LowStockWidget = () => {
  const translate = useTranslate();
  const { data = [], isPending, error } = useGetList('inventories', {
    pagination: { page: 1, perPage: 8 },
    sort: { field: 'inStockQuantity', order: 'ASC' },
    filter: { status: 'Enabled' },
  });
  const { data: products = [] } = useGetMany('products', { ids: [...new Set(data.map((r) => r.productId))] }, { enabled: data.length > 0 });
  const { data: centers = [] } = useGetMany('fulfillment-centers', { ids: [...new Set(data.map((r) => r.fulfillmentCenterId))] }, { enabled: data.length > 0 });
  const name = (list: any[], id: string) => list.find((x) => x.id === id)?.name ?? id;
  return (
    <Panel title="resources.inventories.lowest_stock" testId="low-stock">
      {error ? (
        <Typography color="text.secondary" variant="body2">
          {translate('app.dashboard.low_stock_unavailable')}
        </Typography>
      ) : isPending ? (
        <Typography color="text.secondary" variant="body2">
          {translate('app.common.loading')}
        </Typography>
      ) : !data.length ? (
        <Typography color="text.secondary" variant="body2">
          {translate('app.dashboard.low_stock_unavailable')}
        </Typography>
      ) : (
        data.map((r) => (
          <Box
            key={r.id}
            component={Link}
            to={`/products/${encodeURIComponent(r.productId)}/inventory`}
            sx={{ display: 'grid', gridTemplateColumns: '1fr auto auto', gap: 1, alignItems: 'center', py: 0.5, color: 'inherit', textDecoration: 'none', '&:hover': { bgcolor: 'action.hover' } }}
          >
            <Box sx={{ minWidth: 0 }}>
              <Typography variant="body2" noWrap>
                {name(products, r.productId)}
              </Typography>
              <Typography variant="caption" color="text.secondary" noWrap component="div">
                {name(centers, r.fulfillmentCenterId)}
              </Typography>
            </Box>
            {isLow(r) ? <Chip size="small" color="warning" label={translate('resources.inventories.low')} /> : <span />}
            <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 40, textAlign: 'right' }}>
              {r.inStockQuantity}
            </Typography>
          </Box>
        ))
      )}
    </Panel>
  );
};
