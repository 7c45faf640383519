// Roles: list, and an editor with the permission picker (with store and catalog scopes).
import { Chip } from '@mui/material';
import {
  Create,
  DataTable,
  Edit,
  FunctionField,
  List,
  required,
  SearchInput,
  TabbedForm,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { PermissionPicker } from './PermissionPicker';

const BuiltInChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  return record?.isBuiltIn ? <Chip size="small" color="primary" variant="outlined" label={translate('resources.roles.built_in')} /> : null;
};

export const RoleList = () => {
  const rowClick = useRowClick('roles');
  return (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
    <DataTable rowClick={rowClick} bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="description" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }} />
      <DataTable.Col source="permissions" disableSort>
        <FunctionField
          render={(r: any) => (r.builtIn || r.isBuiltIn ? '∗' : String((r.permissions ?? []).length))}
        />
      </DataTable.Col>
      <DataTable.Col source="builtIn" label=" " disableSort>
        <BuiltInChip />
      </DataTable.Col>
    </DataTable>
  </List>
  );
};

const RoleTitle = () => {
  const record = useRecordContext();
  return <span>{record?.name}</span>;
};

const RoleForm = ({ builtIn = false }: { builtIn?: boolean }) => (
  <>
    <TextInput source="name" validate={required()} fullWidth disabled={builtIn} />
    <TextInput source="description" multiline fullWidth disabled={builtIn} />
    <PermissionPicker disabled={builtIn} />
  </>
);

const RoleEditForm = () => {
  const record = useRecordContext();
  const builtIn = !!(record?.builtIn || record?.isBuiltIn);
  return (
    <TabbedForm toolbar={builtIn ? false : undefined}>
      <TabbedForm.Tab label="app.common.general">
        <RoleForm builtIn={builtIn} />
        <RecordMeta />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="app.common.history">
        <HistoryPanel entityType="security.role" />
      </TabbedForm.Tab>
    </TabbedForm>
  );
};

export const RoleEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<RoleTitle />}>
      <RoleEditForm />
    </Edit>
  );
};

export const RoleCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="edit" mutationOptions={{ onError }}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <RoleForm />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};
