// Prices: one row per product, list and quantity tier (minQuantity) with an optional date
// window. Shown in the price list editor (the list's prices, filterable by product) and in the
// product editor's "Prices" tab (the product's prices in every list); added and edited in a
// dialog.
import { Autocomplete, Box, Button, Chip, Dialog, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { createContext, type ReactNode, useContext, useState } from 'react';
import {
  AutocompleteInput,
  CreateBase,
  DataTable,
  DateField,
  DateTimeInput,
  DeleteButton,
  EditBase,
  type Identifier,
  NumberInput,
  Pagination,
  type RaRecord,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  Toolbar,
  useCanAccess,
  useGetList,
  useLocale,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { formatMoney, money, toUtcIso, wholeAtLeastOne } from './common';

const productText = (r: any) => (r ? `${r.name} (${r.code})` : '');

/** An amount of the price row in context, in the list's currency (the price list page). */
const AmountCell = ({ source, currency }: { source: 'list' | 'sale'; currency?: string }) => {
  const r = useRecordContext();
  return r ? <AmountRaw amount={r[source]} currency={currency} strike={source === 'list' && r.sale != null} /> : null;
};

/** The list's currency, read through the row's price list (the product tab shows many lists). */
const ListAmount = ({ source }: { source: 'list' | 'sale' }) => (
  <ReferenceField source="priceListId" reference="price-lists" link={false}>
    <ListCurrency source={source} />
  </ReferenceField>
);

const ListCurrency = ({ source }: { source: 'list' | 'sale' }) => {
  const list = useRecordContext();
  const price = usePriceRow();
  return price ? <AmountRaw amount={price[source]} currency={list?.currency} strike={source === 'list' && price.sale != null} /> : null;
};

// ReferenceField replaces the record context with the price list; the row stays reachable here.
const PriceRowContext = createContext<RaRecord | undefined>(undefined);
const usePriceRow = () => useContext(PriceRowContext);
const WithRow = ({ children }: { children: ReactNode }) => {
  const r = useRecordContext();
  return <PriceRowContext.Provider value={r}>{children}</PriceRowContext.Provider>;
};

const AmountRaw = ({ amount, currency, strike }: { amount: unknown; currency?: string; strike?: boolean }) => {
  const locale = useLocale();
  if (amount === null || amount === undefined) return <span>—</span>;
  return <span style={{ fontVariantNumeric: 'tabular-nums', textDecoration: strike ? 'line-through' : undefined }}>{formatMoney(amount, currency, locale)}</span>;
};

const ProductCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Stack sx={{ minWidth: 0 }}>
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
        {r.code}
      </Typography>
    </Stack>
  );
};

const WindowCell = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  if (!r.startDate && !r.endDate) return <Typography variant="body2" color="text.secondary">{translate('resources.prices.always')}</Typography>;
  return (
    <Stack spacing={0.25}>
      {r.startDate ? <Typography variant="caption">{translate('resources.prices.from')} <DateField source="startDate" showTime variant="caption" /></Typography> : null}
      {r.endDate ? <Typography variant="caption">{translate('resources.prices.until')} <DateField source="endDate" showTime variant="caption" /></Typography> : null}
    </Stack>
  );
};

interface DialogState {
  mode: 'create' | 'edit';
  id?: Identifier;
}

/** `locked`: the list and product cannot change (an existing price, or the page's own one). */
const PriceFormFields = ({ locked }: { locked: { priceListId: boolean; productId: boolean } }) => (
  <Box sx={{ width: '100%' }}>
    <ReferenceInput source="priceListId" reference="price-lists" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
      <SelectInput optionText={(r: any) => `${r.name} (${r.currency})`} validate={required()} readOnly={locked.priceListId} fullWidth />
    </ReferenceInput>
    <ReferenceInput source="productId" reference="products">
      <AutocompleteInput optionText={productText} filterToQuery={(q) => ({ q })} validate={required()} readOnly={locked.productId} fullWidth />
    </ReferenceInput>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <NumberInput source="list" validate={[required(), money]} min={0} step={0.01} sx={{ width: 160 }} />
      <NumberInput source="sale" validate={money} min={0} step={0.01} helperText="resources.prices.sale_help" sx={{ width: 160 }} />
      <NumberInput source="minQuantity" defaultValue={1} validate={[required(), wholeAtLeastOne]} min={1} step={1} helperText="resources.prices.tier_help" sx={{ width: 200 }} />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <DateTimeInput source="startDate" parse={toUtcIso} />
      <DateTimeInput source="endDate" parse={toUtcIso} helperText="resources.prices.end_help" />
    </Stack>
  </Box>
);

const DialogToolbar = ({ onClose, canDelete }: { onClose: () => void; canDelete: boolean }) => {
  const translate = useTranslate();
  return (
    <Toolbar sx={{ gap: 1 }}>
      <SaveButton />
      <Button onClick={onClose}>{translate('app.common.cancel')}</Button>
      <Box sx={{ flex: 1 }} />
      {canDelete ? <DeleteButton mutationMode="pessimistic" redirect={false} mutationOptions={{ onSuccess: onClose }} /> : null}
    </Toolbar>
  );
};

const PriceDialog = ({ state, fixed, onClose }: { state: DialogState; fixed: { priceListId?: string; productId?: string }; onClose: () => void }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const onError = useSaveErrorHandler();
  const { canAccess: canDelete } = useCanAccess({ resource: 'prices', action: 'delete' });
  const done = () => {
    refresh();
    onClose();
  };
  return (
    // The dialog sits inside the price list's or product's form in React's tree: its submit event
    // must not bubble into that form.
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="price-dialog" onSubmit={(e) => e.stopPropagation()}>
      <DialogTitle>{translate(state.mode === 'create' ? 'resources.prices.add' : 'resources.prices.edit')}</DialogTitle>
      <DialogContent sx={{ p: 0 }}>
        {state.mode === 'create' ? (
          <CreateBase resource="prices" record={{ ...fixed, minQuantity: 1 }} redirect={false} mutationOptions={{ onSuccess: done, onError }}>
            <SimpleForm toolbar={<DialogToolbar onClose={onClose} canDelete={false} />}>
              <PriceFormFields locked={{ priceListId: !!fixed.priceListId, productId: !!fixed.productId }} />
            </SimpleForm>
          </CreateBase>
        ) : (
          <EditBase resource="prices" id={state.id} redirect={false} mutationMode="pessimistic" mutationOptions={{ onSuccess: done, onError }}>
            <SimpleForm toolbar={<DialogToolbar onClose={done} canDelete={!!canDelete} />}>
              <PriceFormFields locked={{ priceListId: true, productId: true }} />
            </SimpleForm>
          </EditBase>
        )}
      </DialogContent>
    </Dialog>
  );
};

const TierChip = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return <Chip size="small" variant="outlined" label={translate('resources.prices.tier', { n: r.minQuantity ?? 1 })} />;
};

/**
 * The prices of one price list (`priceListId`, with the list's `currency`) or of one product
 * (`productId`: then the list column shows which list each price is in).
 */
export const PricesPanel = ({ priceListId, productId, currency }: { priceListId?: string; productId?: string; currency?: string }) => {
  const translate = useTranslate();
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [productFilter, setProductFilter] = useState<RaRecord | null>(null);
  const { canAccess: canCreate } = useCanAccess({ resource: 'prices', action: 'create' });
  const { canAccess: canEdit } = useCanAccess({ resource: 'prices', action: 'edit' });
  const byList = !!priceListId;
  const target = byList ? 'priceListId' : 'productId';
  const id = byList ? priceListId : productId;
  if (!id) return null;
  const filter = byList && productFilter ? { productId: productFilter.id } : undefined;
  const rowClick = canEdit
    ? (rowId: Identifier) => {
        setDialog({ mode: 'edit', id: rowId });
        return false as const;
      }
    : false;
  return (
    <Box sx={{ width: '100%' }} data-testid="prices-panel">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        {byList ? <ProductFilter value={productFilter} onChange={setProductFilter} /> : null}
        <Box sx={{ flex: 1 }} />
        {canCreate ? (
          <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setDialog({ mode: 'create' })}>
            {translate('resources.prices.add')}
          </Button>
        ) : null}
      </Stack>
      <ReferenceManyField
        reference="prices"
        target={target}
        record={{ id } as RaRecord}
        source="id"
        filter={filter}
        sort={{ field: byList ? 'productId' : 'priceListId', order: 'ASC' }}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
      >
        <DataTable rowClick={rowClick} bulkActionButtons={false} empty={<Empty />}>
          {byList ? (
            <DataTable.Col source="productId" label="resources.prices.fields.productId">
              <ReferenceField source="productId" reference="products" link={false}>
                <ProductCell />
              </ReferenceField>
            </DataTable.Col>
          ) : (
            <DataTable.Col source="priceListId" label="resources.prices.fields.priceListId">
              <ReferenceField source="priceListId" reference="price-lists" link={(r) => `/price-lists/${encodeURIComponent(String(r.id))}`} />
            </DataTable.Col>
          )}
          <DataTable.Col source="minQuantity" label="resources.prices.fields.minQuantity" align="right">
            <TierChip />
          </DataTable.Col>
          <DataTable.Col source="list" label="resources.prices.fields.list" align="right">
            {byList ? (
              <AmountCell source="list" currency={currency} />
            ) : (
              <WithRow>
                <ListAmount source="list" />
              </WithRow>
            )}
          </DataTable.Col>
          <DataTable.Col source="sale" label="resources.prices.fields.sale" align="right">
            {byList ? (
              <AmountCell source="sale" currency={currency} />
            ) : (
              <WithRow>
                <ListAmount source="sale" />
              </WithRow>
            )}
          </DataTable.Col>
          <DataTable.Col source="startDate" label="resources.prices.fields.window" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
            <WindowCell />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
      {dialog ? <PriceDialog state={dialog} fixed={byList ? { priceListId } : { productId }} onClose={() => setDialog(null)} /> : null}
    </Box>
  );
};

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 2 }}>
      {translate('resources.prices.empty')}
    </Typography>
  );
};

/** A product picker that narrows the list's prices to one product. */
const ProductFilter = ({ value, onChange }: { value: RaRecord | null; onChange: (v: RaRecord | null) => void }) => {
  const translate = useTranslate();
  const [q, setQ] = useState('');
  const { data = [] } = useGetList('products', { pagination: { page: 1, perPage: 20 }, sort: { field: 'name', order: 'ASC' }, filter: q ? { q } : {} });
  return (
    <Autocomplete
      size="small"
      options={data}
      value={value}
      getOptionLabel={productText}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(x) => x}
      onInputChange={(_, v, reason) => reason === 'input' && setQ(v)}
      onChange={(_, v) => onChange(v ?? null)}
      sx={{ width: 420, maxWidth: '100%' }}
      renderInput={(params) => <TextField {...params} label={translate('resources.prices.filter_product')} />}
    />
  );
};
