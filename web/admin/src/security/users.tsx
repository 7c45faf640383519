// Users: list with search and filters, create with password and roles, edit with lockout,
// activation and change history.
import { Alert, Button, Chip, Stack } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteArrayInput,
  BooleanInput,
  Create,
  DataTable,
  DateField,
  Edit,
  email,
  List,
  PasswordInput,
  required,
  SearchInput,
  SelectInput,
  TabbedForm,
  TextInput,
  useCanAccess,
  useGetList,
  useRecordContext,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { api } from '../core/http';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

const userTypes = [
  { id: 'Administrator', name: 'resources.users.types.Administrator' },
  { id: 'Manager', name: 'resources.users.types.Manager' },
  { id: 'Customer', name: 'resources.users.types.Customer' },
];

const useRoleChoices = () => {
  const { canAccess } = useCanAccess({ resource: 'roles', action: 'list' });
  const { data = [] } = useGetList(
    'roles',
    { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: !!canAccess },
  );
  return data.map((r) => ({ id: r.name, name: r.name }));
};

const UserFilters = () => {
  const roles = useRoleChoices();
  return [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="userType" source="userType" choices={userTypes} />,
    <SelectInput key="role" source="role" choices={roles} />,
  ];
};

const RolesField = () => {
  const record = useRecordContext();
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {(record?.roles ?? []).map((r: string) => (
        <Chip key={r} label={r} size="small" variant="outlined" />
      ))}
    </Stack>
  );
};

const StatusField = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const locked = record.isLockedOut || (record.lockoutEnd && new Date(record.lockoutEnd) > new Date());
  if (record.isActive === false) return <Chip size="small" label={translate('resources.users.status.disabled')} />;
  if (locked) return <Chip size="small" color="warning" label={translate('resources.users.status.locked')} />;
  return <Chip size="small" color="success" variant="outlined" label={translate('resources.users.status.active')} />;
};

export const UserList = () => {
  const filters = UserFilters();
  const rowClick = useRowClick('users');
  return (
    <List filters={filters} sort={{ field: 'userName', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="userName" />
        <DataTable.Col source="email" sx={{ display: { xs: 'none', md: 'table-cell' } }} />
        <DataTable.Col source="userType" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }} />
        <DataTable.Col source="roles" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <RolesField />
        </DataTable.Col>
        <DataTable.Col source="isActive" label="resources.users.fields.status" disableSort>
          <StatusField />
        </DataTable.Col>
        <DataTable.Col source="lastLoginAt" disableSort sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
          <DateField source="lastLoginAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const UserFormFields = ({ create = false }: { create?: boolean }) => {
  const roles = useRoleChoices();
  return (
    <>
      <TextInput source="userName" validate={required()} fullWidth />
      <TextInput source="email" type="email" validate={email()} fullWidth />
      <SelectInput source="userType" choices={userTypes} validate={required()} defaultValue="Manager" />
      {create ? <PasswordInput source="password" validate={required()} fullWidth autoComplete="new-password" /> : null}
      <AutocompleteArrayInput source="roles" choices={roles} fullWidth />
      <BooleanInput source="isActive" defaultValue={true} />
    </>
  );
};

export const UserCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="edit" mutationOptions={{ onError }}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <UserFormFields create />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

const UserTitle = () => {
  const record = useRecordContext();
  return <span>{record?.userName}</span>;
};

export const UserEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<UserTitle />} transform={dropEmptyPassword}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <UserFormFields />
          <LockoutBox />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="resources.users.tabs.password">
          <PasswordInput source="password" fullWidth autoComplete="new-password" helperText="resources.users.password_help" />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history">
          <HistoryPanel entityType="security.user" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};

const LockoutBox = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record?.isLockedOut) return null;
  const unlock = async () => {
    setBusy(true);
    try {
      await api(`/security/users/${encodeURIComponent(String(record.id))}/unlock`, { method: 'POST' });
      notify('resources.users.unlocked', { type: 'success' });
      refresh();
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      severity="warning"
      sx={{ my: 1 }}
      action={
        <Button color="inherit" size="small" disabled={busy} onClick={unlock}>
          {translate('resources.users.unlock')}
        </Button>
      }
    >
      {translate('resources.users.status.locked')}
    </Alert>
  );
};

/** Sends the password only when one was typed. */
const dropEmptyPassword = (data: any) => {
  const { password, ...rest } = data;
  return password ? { ...rest, password } : rest;
};
