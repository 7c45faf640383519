// Price lists: name, currency (one of the localization module's currencies), description. The
// editor shows the list's prices (tiers, dates) and its assignments, imports and exports the
// prices as CSV, and deletes a list together with its prices and assignments after saying so.
import { Box, Stack } from '@mui/material';
import {
  CreateButton,
  Create,
  DataTable,
  DateField,
  DeleteButton,
  Edit,
  List,
  ReferenceManyCount,
  ReferenceManyField,
  required,
  SaveButton,
  SearchInput,
  SelectInput,
  TabbedForm,
  TextInput,
  Toolbar,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { AssignmentTable } from './assignments';
import { emptyToNull, useCurrencyChoices } from './common';
import { PricesPanel } from './prices';
import { PriceTransferButtons } from './transfer';

const CurrencyFilter = (props: any) => {
  const { choices } = useCurrencyChoices();
  return <SelectInput {...props} choices={choices} />;
};

const listFilters = [<SearchInput key="q" source="q" alwaysOn />, <CurrencyFilter key="currency" source="currency" />];

export const PriceListList = () => {
  const rowClick = useRowClick('price-lists');
  return (
    <List filters={listFilters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="currency" />
        <DataTable.Col source="description" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }} />
        <DataTable.Col label="resources.price-lists.assignment_count" disableSort align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <ReferenceManyCount reference="price-list-assignments" target="priceListId" />
        </DataTable.Col>
        <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
          <DateField source="modifiedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const CurrencyInput = ({ readOnly }: { readOnly?: boolean }) => {
  const { choices, isPending } = useCurrencyChoices();
  return <SelectInput source="currency" choices={choices} isPending={isPending} validate={required()} readOnly={readOnly} helperText="resources.price-lists.currency_help" sx={{ minWidth: 240 }} />;
};

const GeneralFields = () => (
  <Stack sx={{ width: '100%', maxWidth: 880 }}>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="name" validate={required()} sx={{ flex: '2 1 280px' }} />
      <CurrencyInput />
    </Stack>
    <TextInput source="description" multiline minRows={2} parse={emptyToNull} />
    <TextInput source="outerId" parse={emptyToNull} sx={{ maxWidth: 320 }} />
  </Stack>
);

/** Delete with its prices and assignments (?cascade=true), after the user read how many. */
const CascadeDelete = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'price-lists', action: 'delete' });
  if (!record || !canAccess) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      mutationOptions={{ meta: { query: { cascade: true } } }}
      confirmTitle="resources.price-lists.delete_title"
      confirmContent={translate('resources.price-lists.delete_content', { name: record.name })}
    />
  );
};

const EditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <CascadeDelete />
  </Toolbar>
);

const ListCurrencyPrices = () => {
  const r = useRecordContext();
  if (!r) return null;
  return <PricesPanel priceListId={String(r.id)} currency={r.currency} />;
};

const ListAssignments = () => {
  const r = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'price-list-assignments', action: 'create' });
  if (!r) return null;
  return (
    <Box sx={{ width: '100%' }}>
      {canAccess ? (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <CreateButton
            resource="price-list-assignments"
            label="resources.price-list-assignments.add"
            to={{ pathname: '/price-list-assignments/create', search: `?source=${encodeURIComponent(JSON.stringify({ priceListId: r.id, name: r.name }))}` }}
          />
        </Box>
      ) : null}
      <ReferenceManyField reference="price-list-assignments" target="priceListId" sort={{ field: 'priority', order: 'DESC' }} perPage={100}>
        <AssignmentTable embedded />
      </ReferenceManyField>
    </Box>
  );
};

const EditActions = () => (
  <TopToolbar>
    <PriceTransferButtons />
  </TopToolbar>
);

const PriceListTitle = () => {
  const r = useRecordContext();
  return <span>{r ? `${r.name} (${r.currency})` : ''}</span>;
};

export const PriceListEdit = () => {
  const onError = useSaveErrorHandler();
  const { canAccess: canReadAssignments } = useCanAccess({ resource: 'price-list-assignments', action: 'list' });
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} actions={<EditActions />} title={<PriceListTitle />} redirect={false}>
      <TabbedForm toolbar={<EditToolbar />}>
        <TabbedForm.Tab label="app.common.general">
          <GeneralFields />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="resources.price-lists.tabs.prices" path="prices">
          <ListCurrencyPrices />
        </TabbedForm.Tab>
        {canReadAssignments ? (
          <TabbedForm.Tab label="resources.price-lists.tabs.assignments" path="assignments">
            <ListAssignments />
          </TabbedForm.Tab>
        ) : null}
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="pricing.price-list" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};

export const PriceListCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create mutationOptions={{ onError }} redirect="edit">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <GeneralFields />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};
