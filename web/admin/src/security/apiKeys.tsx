// API keys: list, create (the secret is shown once, with a copy button) and revoke.
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  Create,
  DataTable,
  DateField,
  DateTimeInput,
  DeleteButton,
  List,
  ReferenceField,
  ReferenceInput,
  required,
  SearchInput,
  SimpleForm,
  TextField as RaTextField,
  TextInput,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

export const ApiKeyList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="userId" disableSort>
        <ReferenceField source="userId" reference="users" link="edit">
          <RaTextField source="userName" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="expiresAt">
        <DateField source="expiresAt" showTime emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="createdAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
        <DateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col>
        <DeleteButton mutationMode="pessimistic" />
      </DataTable.Col>
    </DataTable>
  </List>
);

export const ApiKeyCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const onError = useSaveErrorHandler();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <Create
        redirect={false}
        mutationOptions={{
          onError,
          onSuccess: (data: any) => setSecret(data.secretKey ?? data.secret ?? data.key ?? ''),
        }}
      >
        <SimpleForm>
          <TextInput source="name" validate={required()} fullWidth />
          <ReferenceInput source="userId" reference="users">
            <AutocompleteInput optionText="userName" validate={required()} />
          </ReferenceInput>
          <DateTimeInput source="expiresAt" />
        </SimpleForm>
      </Create>
      <Dialog open={secret !== null} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('resources.api-keys.secret_title')}</DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>
            {translate('resources.api-keys.secret_once')}
          </Alert>
          <Box>
            <TextField fullWidth value={secret ?? ''} slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'api-key-secret' } }} />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button
            onClick={() => {
              navigator.clipboard?.writeText(secret ?? '').then(() => notify('app.common.copied'));
            }}
          >
            {translate('app.common.copy')}
          </Button>
          <Button
            variant="contained"
            onClick={() => {
              setSecret(null);
              redirect('list', 'api-keys');
            }}
          >
            {translate('app.common.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
