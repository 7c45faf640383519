// Languages: IETF tags (en-US), their names, active or not.
import { Chip } from '@mui/material';
import {
  BooleanInput,
  Create,
  DataTable,
  DateField,
  Edit,
  List,
  required,
  SearchInput,
  SelectInput,
  TabbedForm,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

export const boolChoices = [
  { id: 'true', name: 'app.common.yes' },
  { id: 'false', name: 'app.common.no' },
];

export const ActiveChip = ({ source = 'isActive' }: { source?: string }) => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return r[source] === false ? (
    <Chip size="small" label={translate('resources.languages.inactive')} />
  ) : (
    <Chip size="small" color="success" variant="outlined" label={translate('resources.languages.active')} />
  );
};

const CodeField = () => {
  const r = useRecordContext();
  return r ? <span style={{ fontFamily: 'monospace' }}>{r.code}</span> : null;
};

export const LanguageList = () => {
  const rowClick = useRowClick('languages');
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="isActive" source="isActive" choices={boolChoices} />]}
      sort={{ field: 'code', order: 'ASC' }}
      perPage={25}
    >
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="code">
          <CodeField />
        </DataTable.Col>
        <DataTable.Col source="name" />
        <DataTable.Col source="nativeName" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }} />
        <DataTable.Col source="isActive">
          <ActiveChip />
        </DataTable.Col>
        <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <DateField source="modifiedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const LanguageFields = () => (
  <>
    <TextInput source="code" validate={required()} helperText="resources.languages.code_help" sx={{ minWidth: 240 }} />
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="nativeName" fullWidth />
    <BooleanInput source="isActive" defaultValue={true} />
  </>
);

export const LanguageCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="list" mutationOptions={{ onError }}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <LanguageFields />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

const Title = () => {
  const r = useRecordContext();
  return <span>{r ? `${r.name} (${r.code})` : ''}</span>;
};

export const LanguageEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<Title />} redirect="list">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <LanguageFields />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="localization.language" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};
