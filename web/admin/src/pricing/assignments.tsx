// Price-list assignments: which price list applies where (store, catalog), when (dates,
// active), to whom (the condition tree) and with which priority (higher wins).
import { Chip, Stack, Typography } from '@mui/material';
import {
  BooleanInput,
  Create,
  DataTable,
  DateField,
  DateTimeInput,
  Edit,
  List,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SearchInput,
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
import { emptyToNull, toUtcIso } from './common';
import { ConditionBuilderInput } from './ConditionBuilder';
import { normalize, summarize } from './conditions';

const ActiveChip = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return r.isActive === false ? (
    <Chip size="small" label={translate('resources.price-list-assignments.inactive')} />
  ) : (
    <Chip size="small" color="success" variant="outlined" label={translate('resources.price-list-assignments.active')} />
  );
};

/** "Everyone", or the tree in one line. */
export const ConditionsSummary = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const text = r.conditions?.length ? summarize(r.conditions, (t) => translate(`resources.price-list-assignments.condition.types.${t}`, { _: t })) : translate('resources.price-list-assignments.condition.everyone_short');
  return (
    <Typography variant="body2" color={r.conditions?.length ? 'text.primary' : 'text.secondary'} sx={{ overflowWrap: 'anywhere' }}>
      {text}
    </Typography>
  );
};

const ScopeCell = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Stack spacing={0.25}>
      {r.storeId ? (
        <ReferenceField source="storeId" reference="stores" link={false}>
          <TextField source="name" variant="body2" />
        </ReferenceField>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.price-list-assignments.any_store')}
        </Typography>
      )}
      {r.catalogId ? (
        <ReferenceField source="catalogId" reference="catalogs" link={false}>
          <TextField source="name" variant="caption" color="text.secondary" />
        </ReferenceField>
      ) : null}
    </Stack>
  );
};

const assignmentFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="priceListId" source="priceListId" reference="price-lists">
    <SelectInput optionText="name" sx={{ minWidth: 180 }} />
  </ReferenceInput>,
  <ReferenceInput key="storeId" source="storeId" reference="stores">
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <ReferenceInput key="catalogId" source="catalogId" reference="catalogs">
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

/** The assignments table; `filter` limits it (the price list editor's tab). */
export const AssignmentTable = ({ embedded = false }: { embedded?: boolean }) => {
  const rowClick = useRowClick('price-list-assignments');
  return (
    <DataTable rowClick={rowClick} bulkActionButtons={false}>
      <DataTable.Col source="name" />
      {embedded ? null : (
        <DataTable.Col source="priceListId" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <ReferenceField source="priceListId" reference="price-lists" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
      )}
      <DataTable.Col source="storeId" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
        <ScopeCell />
      </DataTable.Col>
      <DataTable.Col source="priority" align="right" />
      <DataTable.Col source="conditions" disableSort sx={{ display: { xs: 'none', lg: 'table-cell' }, maxWidth: 360 }}>
        <ConditionsSummary />
      </DataTable.Col>
      <DataTable.Col source="startDate" sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
        <DateField source="startDate" showTime />
      </DataTable.Col>
      <DataTable.Col source="endDate" disableSort sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
        <DateField source="endDate" showTime />
      </DataTable.Col>
      <DataTable.Col source="isActive" disableSort>
        <ActiveChip />
      </DataTable.Col>
    </DataTable>
  );
};

export const AssignmentList = () => (
  <List filters={assignmentFilters} sort={{ field: 'priority', order: 'DESC' }} perPage={25}>
    <AssignmentTable />
  </List>
);

const AssignmentFields = () => (
  <Stack sx={{ width: '100%', maxWidth: 960 }}>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="name" validate={required()} sx={{ flex: '2 1 280px' }} />
      <ReferenceInput source="priceListId" reference="price-lists" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
        <SelectInput optionText={(r: any) => `${r.name} (${r.currency})`} validate={required()} sx={{ flex: '1 1 220px', minWidth: 220 }} />
      </ReferenceInput>
    </Stack>
    <TextInput source="description" multiline minRows={2} parse={emptyToNull} />
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <ReferenceInput source="storeId" reference="stores" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
        <SelectInput optionText="name" emptyText="resources.price-list-assignments.any_store" parse={emptyToNull} helperText="resources.price-list-assignments.store_help" sx={{ minWidth: 220 }} />
      </ReferenceInput>
      <ReferenceInput source="catalogId" reference="catalogs" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
        <SelectInput optionText="name" emptyText="resources.price-list-assignments.any_catalog" parse={emptyToNull} helperText="resources.price-list-assignments.catalog_help" sx={{ minWidth: 220 }} />
      </ReferenceInput>
      <NumberInput source="priority" defaultValue={0} step={1} helperText="resources.price-list-assignments.priority_help" sx={{ width: 200 }} />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'flex-start' }}>
      <DateTimeInput source="startDate" parse={toUtcIso} helperText="resources.price-list-assignments.dates_help" />
      <DateTimeInput source="endDate" parse={toUtcIso} />
      <BooleanInput source="isActive" defaultValue={true} sx={{ mt: 1 }} />
    </Stack>
  </Stack>
);

/** Only what the API stores; the tree without UI leftovers. */
const toApi = (data: any) => ({ ...data, conditions: normalize(data.conditions) });

const AssignmentForm = () => (
  <TabbedForm>
    <TabbedForm.Tab label="app.common.general">
      <AssignmentFields />
      <RecordMeta />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.price-list-assignments.tabs.conditions" path="conditions">
      <ConditionBuilderInput />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="app.common.history" path="history">
      <HistoryPanel entityType="pricing.assignment" />
    </TabbedForm.Tab>
  </TabbedForm>
);

const AssignmentTitle = () => {
  const r = useRecordContext();
  return <span>{r?.name ?? ''}</span>;
};

export const AssignmentEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} transform={toApi} title={<AssignmentTitle />} redirect={false}>
      <AssignmentForm />
    </Edit>
  );
};

export const AssignmentCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create mutationOptions={{ onError }} transform={toApi} redirect="edit">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <AssignmentFields />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="resources.price-list-assignments.tabs.conditions" path="conditions">
          <ConditionBuilderInput />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};
