// Currencies: ISO 4217 codes with exchange rate to the primary currency, rounding and format.
// Exactly one currency is primary; making another one primary moves the flag (the server does it).
import { Alert, Chip, Stack } from '@mui/material';
import StarIcon from '@mui/icons-material/Star';
import {
  BooleanInput,
  Create,
  DataTable,
  Edit,
  FormDataConsumer,
  List,
  NumberField,
  NumberInput,
  regex,
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
import { ActiveChip, boolChoices } from './languages';

const roundingModes = ['half-up', 'half-even', 'ceiling', 'floor'].map((m) => ({ id: m, name: `resources.currencies.modes.${m.replace('-', '_')}` }));

const CodeCell = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <span style={{ fontFamily: 'monospace', fontWeight: 500 }}>{r.code}</span>
      {r.isPrimary ? <Chip size="small" color="primary" icon={<StarIcon />} label={translate('resources.currencies.primary')} /> : null}
    </Stack>
  );
};

export const CurrencyList = () => {
  const rowClick = useRowClick('currencies');
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn />,
        <SelectInput key="isActive" source="isActive" choices={boolChoices} />,
        <SelectInput key="isPrimary" source="isPrimary" choices={boolChoices} />,
      ]}
      sort={{ field: 'code', order: 'ASC' }}
      perPage={25}
    >
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="code">
          <CodeCell />
        </DataTable.Col>
        <DataTable.Col source="name" />
        <DataTable.Col source="symbol" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }} />
        <DataTable.Col source="exchangeRate" disableSort align="right">
          <NumberField source="exchangeRate" options={{ maximumFractionDigits: 4 }} />
        </DataTable.Col>
        <DataTable.Col source="roundingDecimals" disableSort align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }} />
        <DataTable.Col source="isActive" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <ActiveChip />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const rate = (v: unknown) => (v === undefined || v === null || v === '' || Number(v) > 0 ? undefined : 'resources.currencies.rate_positive');

const CurrencyFields = ({ create = false }: { create?: boolean }) => {
  const record = useRecordContext();
  return (
    <Stack sx={{ width: '100%', maxWidth: 720 }}>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput
          source="code"
          validate={[required(), regex(/^[A-Z]{3}$/, 'resources.currencies.code_help')]}
          parse={(v: string) => (v ?? '').toUpperCase()}
          helperText="resources.currencies.code_help"
          readOnly={!create}
          sx={{ width: 160 }}
        />
        <TextInput source="name" validate={required()} sx={{ flex: '1 1 240px' }} />
        <TextInput source="symbol" sx={{ width: 100 }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <NumberInput source="exchangeRate" defaultValue={1} step={0.0001} validate={rate} helperText="resources.currencies.rate_help" sx={{ width: 260 }} />
        <NumberInput source="roundingDecimals" min={0} max={4} step={1} sx={{ width: 170 }} />
        <SelectInput source="roundingMode" choices={roundingModes} defaultValue="half-up" sx={{ width: 200 }} />
      </Stack>
      <TextInput source="customFormatting" helperText="resources.currencies.format_help" />
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 3 }}>
        <BooleanInput source="isPrimary" readOnly={!!record?.isPrimary} helperText={record?.isPrimary ? 'resources.currencies.primary_fixed' : 'resources.currencies.primary_help'} />
        <BooleanInput source="isActive" defaultValue={true} />
      </Stack>
      <FormDataConsumer>
        {({ formData }) =>
          formData.isPrimary && !record?.isPrimary ? (
            <PrimaryWarning />
          ) : null
        }
      </FormDataConsumer>
    </Stack>
  );
};

const PrimaryWarning = () => {
  const translate = useTranslate();
  return (
    <Alert severity="info" sx={{ mb: 2 }}>
      {translate('resources.currencies.primary_moves')}
    </Alert>
  );
};

export const CurrencyCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="list" mutationOptions={{ onError }}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CurrencyFields create />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

const Title = () => {
  const r = useRecordContext();
  return <span>{r ? `${r.name} (${r.code})` : ''}</span>;
};

export const CurrencyEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<Title />} redirect="list">
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CurrencyFields />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="localization.currency" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};
