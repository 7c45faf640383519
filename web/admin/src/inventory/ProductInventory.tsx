// The "Inventory" tab of the product editor: the product's stock in every fulfillment center,
// edited in place (one save per center). Plain inputs, not form fields: saving a row writes the
// inventory record (If-Match on its version), never the product.
import {
  Alert,
  Box,
  Button,
  Chip,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { useState } from 'react';
import { useCanAccess, useDataProvider, useGetList, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { isLow } from './inventories';

interface Row {
  inStockQuantity: string;
  reorderMinQuantity: string;
  allowBackorder: boolean;
  backorderQuantity: string;
}

const toRow = (r: any): Row => ({
  inStockQuantity: String(r?.inStockQuantity ?? 0),
  reorderMinQuantity: String(r?.reorderMinQuantity ?? 0),
  allowBackorder: !!r?.allowBackorder,
  backorderQuantity: String(r?.backorderQuantity ?? 0),
});

const isCount = (s: string) => /^\d+$/.test(s.trim());

const CenterRow = ({ center, record, productId, canWrite, onSaved }: { center: any; record?: any; productId: string; canWrite: boolean; onSaved: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const onError = useSaveErrorHandler();
  const [row, setRow] = useState<Row>(() => toRow(record));
  const [base, setBase] = useState<Row>(() => toRow(record));
  const [busy, setBusy] = useState(false);
  // A new version from the server (after a save or a refetch) resets the inputs.
  const [seenVersion, setSeenVersion] = useState(record?.version);
  if (record?.version !== seenVersion) {
    setSeenVersion(record?.version);
    setRow(toRow(record));
    setBase(toRow(record));
  }
  const dirty = JSON.stringify(row) !== JSON.stringify(base);
  const valid = isCount(row.inStockQuantity) && isCount(row.reorderMinQuantity) && isCount(row.backorderQuantity);
  const save = async () => {
    if (!dirty || !valid) return;
    setBusy(true);
    const data = {
      inStockQuantity: Number(row.inStockQuantity),
      reorderMinQuantity: Number(row.reorderMinQuantity),
      allowBackorder: row.allowBackorder,
      backorderQuantity: Number(row.backorderQuantity),
    };
    try {
      if (record) {
        await dataProvider.update('inventories', { id: record.id, data: { ...record, ...data }, previousData: record });
      } else {
        await dataProvider.create('inventories', { data: { productId, fulfillmentCenterId: center.id, status: 'Enabled', ...data } });
      }
      setBase(row);
      notify('resources.inventories.saved', { type: 'success', messageArgs: { center: center.name } });
      onSaved();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const num = (key: keyof Row, label: string) => (
    <TextField
      size="small"
      value={row[key] as string}
      disabled={!canWrite || busy}
      error={!isCount(row[key] as string)}
      onChange={(e) => setRow({ ...row, [key]: e.target.value })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
      slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': `${translate(label)} ${center.name}`, style: { textAlign: 'right' } } }}
      sx={{ width: 96 }}
    />
  );
  return (
    <TableRow data-testid={`inventory-row-${center.id}`} hover>
      <TableCell>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {center.name}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {[center.code, center.address?.city].filter(Boolean).join(' · ')}
        </Typography>
      </TableCell>
      <TableCell align="right">{num('inStockQuantity', 'resources.inventories.fields.inStockQuantity')}</TableCell>
      <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
        {record?.reservedQuantity ?? 0}
      </TableCell>
      <TableCell align="right" data-testid="available">
        {record ? (
          <Box sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}>
            {isLow(record) ? <Chip size="small" color="warning" label={translate('resources.inventories.low')} /> : null}
            {record.availableQuantity ?? 0}
          </Box>
        ) : (
          <Typography variant="caption" color="text.secondary">
            {translate('resources.inventories.no_record')}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">{num('reorderMinQuantity', 'resources.inventories.fields.reorderMinQuantity')}</TableCell>
      <TableCell align="center">
        <Switch
          checked={row.allowBackorder}
          disabled={!canWrite || busy}
          onChange={(e) => setRow({ ...row, allowBackorder: e.target.checked })}
          slotProps={{ input: { 'aria-label': `${translate('resources.inventories.fields.allowBackorder')} ${center.name}` } }}
        />
      </TableCell>
      <TableCell align="right">{num('backorderQuantity', 'resources.inventories.fields.backorderQuantity')}</TableCell>
      <TableCell align="right">
        {canWrite ? (
          <Button size="small" variant={dirty ? 'contained' : 'text'} startIcon={<SaveIcon />} disabled={!dirty || !valid || busy} onClick={save} aria-label={`${translate('ra.action.save')} ${center.name}`}>
            {translate('ra.action.save')}
          </Button>
        ) : null}
      </TableCell>
    </TableRow>
  );
};

export const ProductInventory = () => {
  const product = useRecordContext();
  const translate = useTranslate();
  const { canAccess: canUpdate } = useCanAccess({ resource: 'inventories', action: 'edit' });
  const { canAccess: canCreate } = useCanAccess({ resource: 'inventories', action: 'create' });
  const centers = useGetList('fulfillment-centers', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  const records = useGetList(
    'inventories',
    { pagination: { page: 1, perPage: 200 }, sort: { field: 'fulfillmentCenterId', order: 'ASC' }, filter: { productId: product?.id } },
    { enabled: !!product?.id },
  );
  if (!product) return null;
  const error = centers.error ?? records.error;
  if (error) return <Alert severity="warning">{translate((error as Error).message, { _: (error as Error).message })}</Alert>;
  if (centers.isPending || records.isPending) return <Typography color="text.secondary">{translate('app.common.loading')}</Typography>;
  if (!centers.data?.length) return <Alert severity="info">{translate('resources.inventories.no_centers')}</Alert>;
  const byCenter = new Map((records.data ?? []).map((r) => [r.fulfillmentCenterId, r]));
  const totals = (records.data ?? []).reduce(
    (t, r) => ({ inStock: t.inStock + (r.inStockQuantity ?? 0), available: t.available + (r.availableQuantity ?? 0) }),
    { inStock: 0, available: 0 },
  );
  return (
    <Box sx={{ width: '100%' }} data-testid="product-inventory">
      {product.trackInventory === false ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('resources.inventories.not_tracked')}
        </Alert>
      ) : null}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="inventory-totals">
        {translate('resources.inventories.totals', { inStock: totals.inStock, available: totals.available })}
      </Typography>
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.inventories.fields.fulfillmentCenterId')}</TableCell>
              <TableCell align="right">{translate('resources.inventories.fields.inStockQuantity')}</TableCell>
              <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                {translate('resources.inventories.fields.reservedQuantity')}
              </TableCell>
              <TableCell align="right">{translate('resources.inventories.fields.availableQuantity')}</TableCell>
              <TableCell align="right">{translate('resources.inventories.fields.reorderMinQuantity')}</TableCell>
              <TableCell align="center">{translate('resources.inventories.fields.allowBackorder')}</TableCell>
              <TableCell align="right">{translate('resources.inventories.fields.backorderQuantity')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {centers.data.map((c) => {
              const rec = byCenter.get(c.id);
              return (
                <CenterRow
                  key={c.id}
                  center={c}
                  record={rec}
                  productId={String(product.id)}
                  canWrite={!!(rec ? canUpdate : canCreate)}
                  onSaved={() => records.refetch()}
                />
              );
            })}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
};
