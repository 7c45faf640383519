// Catalogs: list (opening one shows its category tree and products), create and edit.
import { Chip } from '@mui/material';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import {
  AutocompleteArrayInput,
  BooleanInput,
  Button,
  Create,
  CreateButton,
  DataTable,
  DateField,
  Edit,
  EditButton,
  FunctionField,
  List,
  required,
  SearchInput,
  SelectInput,
  TabbedForm,
  TextInput,
  TopToolbar,
  FilterButton,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { LANGUAGE_CHOICES } from './common';
import { CatalogTransferButtons } from './importExport';

const CatalogListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton />
    <CatalogTransferButtons />
  </TopToolbar>
);

const BrowseButton = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Button
      component={Link}
      to={`/catalogs/${encodeURIComponent(String(record.id))}/show`}
      label="resources.catalogs.browse"
      onClick={(e) => e.stopPropagation()}
    >
      <AccountTreeIcon />
    </Button>
  );
};

const TypeChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.isVirtual ? 'secondary' : 'primary'}
      label={translate(record.isVirtual ? 'resources.catalogs.virtual' : 'resources.catalogs.physical')}
    />
  );
};

export const CatalogList = () => (
  <List
    filters={[
      <SearchInput key="q" source="q" alwaysOn />,
      <SelectInput
        key="isVirtual"
        source="isVirtual"
        choices={[
          { id: 'false', name: 'resources.catalogs.physical' },
          { id: 'true', name: 'resources.catalogs.virtual' },
        ]}
      />,
    ]}
    sort={{ field: 'name', order: 'ASC' }}
    actions={<CatalogListActions />}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="isVirtual" label="resources.catalogs.fields.type" disableSort>
        <TypeChip />
      </DataTable.Col>
      <DataTable.Col source="languages" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
        <FunctionField render={(r: any) => (r.languages ?? []).join(', ')} />
      </DataTable.Col>
      <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
        <DateField source="modifiedAt" showTime />
      </DataTable.Col>
      <DataTable.Col label=" " sx={{ whiteSpace: 'nowrap', textAlign: 'right' }}>
        <BrowseButton />
        <EditButton />
      </DataTable.Col>
    </DataTable>
  </List>
);

const CatalogFields = ({ create = false }: { create?: boolean }) => (
  <>
    <TextInput source="name" validate={required()} fullWidth />
    <SelectInput source="defaultLanguage" choices={LANGUAGE_CHOICES} validate={required()} defaultValue="en-US" />
    <AutocompleteArrayInput source="languages" choices={LANGUAGE_CHOICES} defaultValue={['en-US']} fullWidth />
    <BooleanInput source="isVirtual" disabled={!create} helperText="resources.catalogs.virtual_help" />
  </>
);

export const CatalogCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="show" mutationOptions={{ onError }}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CatalogFields create />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

const CatalogTitle = () => <span>{useRecordContext()?.name}</span>;

export const CatalogEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<CatalogTitle />} redirect="show">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CatalogFields />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history">
          <HistoryPanel entityType="catalog.catalog" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};
