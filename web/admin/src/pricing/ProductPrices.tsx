// The "Prices" tab of the product editor: the product's prices in every price list, added and
// edited in place (the dialog writes prices, never the product), with a link to the preview.
import { Box, Button } from '@mui/material';
import CalculateIcon from '@mui/icons-material/Calculate';
import { useRecordContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { PricesPanel } from './prices';

export const ProductPrices = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const id = String(record.id);
  return (
    <Box sx={{ width: '100%' }}>
      <PricesPanel productId={id} />
      <Box sx={{ mt: 2 }}>
        <Button component={Link} to={`/pricing/preview?productId=${encodeURIComponent(id)}`} startIcon={<CalculateIcon />}>
          {translate('resources.pricing-preview.open_for_product')}
        </Button>
      </Box>
    </Box>
  );
};
