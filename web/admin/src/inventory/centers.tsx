// Fulfillment centers: warehouses with code, address and geo location.
import { Box, Link as MuiLink, Stack, Typography } from '@mui/material';
import PlaceIcon from '@mui/icons-material/Place';
import {
  Create,
  DataTable,
  DateField,
  Edit,
  FormDataConsumer,
  List,
  maxLength,
  NumberInput,
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

const AddressCell = () => {
  const r = useRecordContext();
  if (!r?.address) return null;
  const a = r.address;
  return <span>{[a.city, a.countryCode].filter(Boolean).join(', ')}</span>;
};

export const FulfillmentCenterList = () => {
  const rowClick = useRowClick('fulfillment-centers');
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />, <TextInput key="code" source="code" />]} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="code" sx={{ fontFamily: 'monospace' }} />
        <DataTable.Col source="address" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <AddressCell />
        </DataTable.Col>
        <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <DateField source="modifiedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const country = (v: unknown) => (!v || /^[A-Z]{2,3}$/.test(String(v)) ? undefined : 'resources.fulfillment-centers.country_help');
const upper = (v: string) => (v ? v.toUpperCase() : v);
const between = (min: number, max: number) => (v: unknown) =>
  v === undefined || v === null || v === '' || (Number(v) >= min && Number(v) <= max) ? undefined : { message: 'resources.fulfillment-centers.range', args: { min, max } };

/** Both coordinates or neither: an empty pair sends geoLocation null. */
export const cleanCenter = (data: any) => {
  const g = data.geoLocation;
  const empty = (v: unknown) => v === undefined || v === null || v === '';
  return { ...data, geoLocation: !g || (empty(g.latitude) && empty(g.longitude)) ? null : g };
};

const MapLink = () => {
  const translate = useTranslate();
  return (
    <FormDataConsumer>
      {({ formData }) => {
        const g = formData.geoLocation;
        if (!g || g.latitude === undefined || g.latitude === null || g.latitude === '' || g.longitude === undefined || g.longitude === null || g.longitude === '') return null;
        return (
          <MuiLink href={`https://www.openstreetmap.org/?mlat=${g.latitude}&mlon=${g.longitude}#map=14/${g.latitude}/${g.longitude}`} target="_blank" rel="noreferrer" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, mb: 2 }}>
            <PlaceIcon fontSize="small" />
            {translate('resources.fulfillment-centers.show_map')}
          </MuiLink>
        );
      }}
    </FormDataConsumer>
  );
};

const CenterForm = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ width: '100%', maxWidth: 880 }}>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput source="name" validate={[required(), maxLength(256)]} sx={{ flex: '2 1 280px' }} />
        <TextInput source="code" validate={maxLength(64)} sx={{ flex: '1 1 160px' }} />
        <TextInput source="outerId" sx={{ flex: '1 1 160px' }} />
      </Stack>
      <TextInput source="description" multiline fullWidth />
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {translate('resources.fulfillment-centers.address')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput source="address.line1" sx={{ flex: '2 1 280px' }} />
        <TextInput source="address.line2" sx={{ flex: '1 1 200px' }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput source="address.postalCode" sx={{ width: 140 }} />
        <TextInput source="address.city" sx={{ flex: '1 1 200px' }} />
        <TextInput source="address.regionCode" sx={{ width: 120 }} />
        <TextInput source="address.countryCode" parse={upper} validate={country} sx={{ width: 120 }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput source="address.phone" sx={{ flex: '1 1 200px' }} />
        <TextInput source="address.email" type="email" sx={{ flex: '1 1 240px' }} />
      </Stack>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {translate('resources.fulfillment-centers.geo')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'center' }}>
        <NumberInput source="geoLocation.latitude" step={0.000001} validate={between(-90, 90)} sx={{ width: 180 }} />
        <NumberInput source="geoLocation.longitude" step={0.000001} validate={between(-180, 180)} sx={{ width: 180 }} />
        <MapLink />
      </Stack>
    </Box>
  );
};

export const FulfillmentCenterCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="edit" mutationOptions={{ onError }} transform={cleanCenter}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CenterForm />
        </TabbedForm.Tab>
      </TabbedForm>
    </Create>
  );
};

const Title = () => <span>{useRecordContext()?.name}</span>;

export const FulfillmentCenterEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<Title />} transform={cleanCenter} redirect={false}>
      <TabbedForm>
        <TabbedForm.Tab label="app.common.general">
          <CenterForm />
          <RecordMeta />
        </TabbedForm.Tab>
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="inventory.fulfillment-center" />
        </TabbedForm.Tab>
      </TabbedForm>
    </Edit>
  );
};
