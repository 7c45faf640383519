// Inventory records: stock of one product in one fulfillment center. The list filters by
// product and center and marks records at or below their reorder minimum.
import { Chip, Stack, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  Create,
  DataTable,
  DateTimeInput,
  Edit,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  TabbedForm,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

export const statusChoices = [
  { id: 'Enabled', name: 'resources.inventories.status.Enabled' },
  { id: 'Disabled', name: 'resources.inventories.status.Disabled' },
];

/** Available quantity, marked when it is at or below the reorder minimum. */
export const isLow = (r: any) => (r?.reorderMinQuantity ?? 0) > 0 && (r?.availableQuantity ?? r?.inStockQuantity ?? 0) <= r.reorderMinQuantity;

const AvailableCell = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'flex-end' }}>
      {isLow(r) ? <Chip size="small" color="warning" label={translate('resources.inventories.low')} /> : null}
      <span>{r.availableQuantity ?? '—'}</span>
    </Stack>
  );
};

const productText = (r: any) => (r ? `${r.name} (${r.code})` : '');

const inventoryFilters = [
  <ReferenceInput key="productId" source="productId" reference="products" alwaysOn>
    <AutocompleteInput optionText={productText} filterToQuery={(q) => ({ q })} sx={{ minWidth: 260 }} />
  </ReferenceInput>,
  <ReferenceInput key="fulfillmentCenterId" source="fulfillmentCenterId" reference="fulfillment-centers" alwaysOn>
    <SelectInput optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={statusChoices} />,
];

export const InventoryList = () => {
  const rowClick = useRowClick('inventories');
  return (
    <List filters={inventoryFilters} sort={{ field: 'modifiedAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="productId">
          <ReferenceField source="productId" reference="products" link={false}>
            <ProductCell />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="fulfillmentCenterId" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <ReferenceField source="fulfillmentCenterId" reference="fulfillment-centers" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="inStockQuantity" align="right">
          <NumberField source="inStockQuantity" />
        </DataTable.Col>
        <DataTable.Col source="reservedQuantity" align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <NumberField source="reservedQuantity" />
        </DataTable.Col>
        <DataTable.Col source="availableQuantity" disableSort align="right">
          <AvailableCell />
        </DataTable.Col>
        <DataTable.Col source="reorderMinQuantity" disableSort align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <NumberField source="reorderMinQuantity" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const ProductCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Stack sx={{ minWidth: 0 }}>
      <Typography variant="body2" noWrap>
        {r.name}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
        {r.code}
      </Typography>
    </Stack>
  );
};

const min0 = (v: unknown) => (v === undefined || v === null || v === '' || (Number.isInteger(Number(v)) && Number(v) >= 0) ? undefined : 'resources.inventories.whole_number');

const InventoryFields = ({ create = false }: { create?: boolean }) => (
  <Stack sx={{ width: '100%', maxWidth: 880 }}>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <ReferenceInput source="productId" reference="products">
        <AutocompleteInput optionText={productText} filterToQuery={(q) => ({ q })} validate={required()} readOnly={!create} sx={{ minWidth: 320 }} />
      </ReferenceInput>
      <ReferenceInput source="fulfillmentCenterId" reference="fulfillment-centers">
        <SelectInput optionText="name" validate={required()} readOnly={!create} sx={{ minWidth: 220 }} />
      </ReferenceInput>
      <SelectInput source="status" choices={statusChoices} defaultValue="Enabled" />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <NumberInput source="inStockQuantity" defaultValue={0} min={0} step={1} validate={min0} sx={{ width: 160 }} />
      <NumberInput source="reorderMinQuantity" defaultValue={0} min={0} step={1} validate={min0} sx={{ width: 160 }} />
      {create ? null : <NumberInput source="reservedQuantity" readOnly sx={{ width: 140 }} />}
      {create ? null : <NumberInput source="availableQuantity" readOnly sx={{ width: 140 }} />}
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'center' }}>
      <BooleanInput source="allowBackorder" />
      <NumberInput source="backorderQuantity" min={0} step={1} validate={min0} sx={{ width: 160 }} />
      <DateTimeInput source="backorderAvailabilityDate" />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'center' }}>
      <BooleanInput source="allowPreorder" />
      <NumberInput source="preorderQuantity" min={0} step={1} validate={min0} sx={{ width: 160 }} />
      <DateTimeInput source="preorderAvailabilityDate" />
    </Stack>
    <TextInput source="outerId" sx={{ maxWidth: 320 }} />
  </Stack>
);

const dropReadOnly = (data: any) => {
  const { reservedQuantity, availableQuantity, ...rest } = data;
  return rest;
};

export const InventoryCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="list" mutationOptions={{ onError }} transform={dropReadOnly}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <InventoryFields create />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

export const InventoryEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} transform={dropReadOnly} redirect="list">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <InventoryFields />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="inventory.inventory" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};
