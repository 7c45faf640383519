// Stores: list and editor with tabs for general data, languages and currencies (from the
// localization API), fulfillment centers, settings, SEO and history.
import { Alert, Chip, Stack } from '@mui/material';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  DataTable,
  DateField,
  Edit,
  email,
  FunctionField,
  List,
  maxLength,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  regex,
  required,
  SearchInput,
  SelectInput,
  SimpleFormIterator,
  TabbedForm,
  TextField,
  TextInput,
  useCanAccess,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

const states = ['Open', 'Closed', 'RestrictedAccess'].map((s) => ({ id: s, name: `resources.stores.states.${s}` }));
const policies = ['BestReward', 'CombineStackable'].map((s) => ({ id: s, name: `resources.stores.policies.${s}` }));

const StateChip = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const color = r.storeState === 'Closed' ? 'default' : r.storeState === 'RestrictedAccess' ? 'warning' : 'success';
  return <Chip size="small" variant="outlined" color={color} label={translate(`resources.stores.states.${r.storeState ?? 'Open'}`)} />;
};

export const StoreList = () => {
  const rowClick = useRowClick('stores');
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn />,
        <ReferenceInput key="catalogId" source="catalogId" reference="catalogs">
          <SelectInput optionText="name" />
        </ReferenceInput>,
        <SelectInput key="storeState" source="storeState" choices={states} />,
        <ReferenceInput key="fulfillmentCenterId" source="fulfillmentCenterId" reference="fulfillment-centers">
          <SelectInput optionText="name" />
        </ReferenceInput>,
      ]}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
    >
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="id" disableSort sx={{ display: { xs: 'none', md: 'table-cell' }, fontFamily: 'monospace' }} />
        <DataTable.Col source="catalogId" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <ReferenceField source="catalogId" reference="catalogs" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="languages" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <FunctionField render={(r: any) => (r.languages ?? []).join(', ')} />
        </DataTable.Col>
        <DataTable.Col source="currencies" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <FunctionField render={(r: any) => (r.currencies ?? []).join(', ')} />
        </DataTable.Col>
        <DataTable.Col source="storeState" disableSort>
          <StateChip />
        </DataTable.Col>
        <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
          <DateField source="modifiedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

/** Active languages or currencies from the localization API, as choices by code. */
function useCodes(resource: 'languages' | 'currencies') {
  const { canAccess } = useCanAccess({ resource, action: 'list' });
  const { data = [], error } = useGetList(
    resource,
    { pagination: { page: 1, perPage: 500 }, sort: { field: 'code', order: 'ASC' } },
    { enabled: !!canAccess, staleTime: 60_000 },
  );
  return {
    choices: data.map((r) => ({ id: r.code as string, name: `${r.code} · ${r.name}`, disabled: r.isActive === false })),
    unavailable: canAccess === false || !!error,
  };
}

/** The default must be among the chosen ones: offer only those (or all while none is chosen). */
const DefaultCodeInput = ({ source, listSource, choices }: { source: string; listSource: string; choices: { id: string; name: string }[] }) => {
  const chosen: string[] = useWatch({ name: listSource }) ?? [];
  const offered = chosen.length ? choices.filter((c) => chosen.includes(c.id)) : choices;
  return <SelectInput source={source} choices={offered} validate={required()} sx={{ minWidth: 240 }} />;
};

const LanguagesCurrencies = () => {
  const translate = useTranslate();
  const langs = useCodes('languages');
  const curs = useCodes('currencies');
  return (
    <Stack sx={{ width: '100%', maxWidth: 880 }}>
      {langs.unavailable || curs.unavailable ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('resources.stores.localization_unavailable')}
        </Alert>
      ) : null}
      <AutocompleteArrayInput source="languages" choices={langs.choices} fullWidth helperText="resources.stores.languages_help" />
      <DefaultCodeInput source="defaultLanguage" listSource="languages" choices={langs.choices} />
      <AutocompleteArrayInput source="currencies" choices={curs.choices} fullWidth helperText="resources.stores.currencies_help" />
      <DefaultCodeInput source="defaultCurrency" listSource="currencies" choices={curs.choices} />
    </Stack>
  );
};

const Fulfillment = () => (
  <Stack sx={{ width: '100%', maxWidth: 880 }}>
    <ReferenceInput source="mainFulfillmentCenterId" reference="fulfillment-centers" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} helperText="resources.stores.main_help" sx={{ maxWidth: 420 }} />
    </ReferenceInput>
    <ReferenceArrayInput source="additionalFulfillmentCenterIds" reference="fulfillment-centers" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteArrayInput optionText="name" filterToQuery={(q) => ({ q })} helperText="resources.stores.additional_help" />
    </ReferenceArrayInput>
    <ReferenceInput source="returnsFulfillmentCenterId" reference="fulfillment-centers" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} sx={{ maxWidth: 420 }} />
    </ReferenceInput>
  </Stack>
);

const Settings = () => (
  <Stack sx={{ width: '100%', maxWidth: 880 }}>
    <SelectInput source="settings.promotionPolicy" choices={policies} defaultValue="BestReward" helperText="resources.stores.policy_help" sx={{ maxWidth: 360 }} />
    <BooleanInput source="settings.allowAnonymousAccess" defaultValue={true} helperText="resources.stores.anonymous_help" />
    <TextInput source="settings.orderNumberTemplate" defaultValue="CO{date:yyMMdd}-{seq:5}" validate={maxLength(64)} helperText="resources.stores.template_help" sx={{ maxWidth: 420 }} />
    <BooleanInput source="settings.pricesIncludeTax" defaultValue={false} />
    <BooleanInput source="settings.taxCalculationEnabled" defaultValue={true} />
  </Stack>
);

const Seo = () => {
  const langs = useCodes('languages');
  return (
    <ArrayInput source="seoInfos">
      <SimpleFormIterator disableReordering fullWidth>
        <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, width: '100%' }}>
          <TextInput source="semanticUrl" label="resources.seo.semanticUrl" validate={required()} sx={{ flex: '1 1 240px' }} />
          <SelectInput source="languageCode" label="app.common.language" choices={langs.choices} emptyText="—" sx={{ minWidth: 180 }} />
          <BooleanInput source="isActive" label="resources.seo.isActive" defaultValue={true} />
        </Stack>
        <TextInput source="pageTitle" label="resources.seo.pageTitle" fullWidth />
        <TextInput source="metaDescription" label="resources.seo.metaDescription" fullWidth multiline />
        <TextInput source="metaKeywords" label="resources.seo.metaKeywords" fullWidth />
        <TextInput source="imageAltDescription" label="resources.seo.imageAltDescription" fullWidth />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

const idRule = regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'resources.stores.id_help');
const optionalEmail = email();

const General = ({ create = false }: { create?: boolean }) => (
  <Stack sx={{ width: '100%', maxWidth: 880 }}>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="name" validate={[required(), maxLength(256)]} sx={{ flex: '2 1 280px' }} />
      <TextInput source="id" label="resources.stores.fields.code" validate={create ? idRule : undefined} readOnly={!create} helperText={create ? 'resources.stores.id_help' : false} sx={{ flex: '1 1 200px' }} />
    </Stack>
    <TextInput source="description" multiline fullWidth />
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <ReferenceInput source="catalogId" reference="catalogs" sort={{ field: 'name', order: 'ASC' }}>
        <SelectInput optionText="name" validate={required()} sx={{ minWidth: 240 }} />
      </ReferenceInput>
      <SelectInput source="storeState" choices={states} defaultValue="Open" sx={{ minWidth: 200 }} />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="url" type="url" sx={{ flex: '1 1 260px' }} />
      <TextInput source="secureUrl" type="url" sx={{ flex: '1 1 260px' }} />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="email" type="email" validate={optionalEmail} sx={{ flex: '1 1 260px' }} />
      <TextInput source="adminEmail" type="email" validate={optionalEmail} sx={{ flex: '1 1 260px' }} />
    </Stack>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="timeZone" helperText="resources.stores.timezone_help" sx={{ flex: '1 1 220px' }} />
      <TextInput source="country" parse={(v: string) => (v ? v.toUpperCase() : v)} sx={{ width: 140 }} />
      <TextInput source="outerId" sx={{ flex: '1 1 180px' }} />
    </Stack>
  </Stack>
);

/** Empty optional references are sent as null (not ""), an empty id lets the server make one. */
const clean = (data: any) => {
  const out = { ...data };
  for (const k of ['mainFulfillmentCenterId', 'returnsFulfillmentCenterId', 'timeZone', 'country', 'url', 'secureUrl', 'email', 'adminEmail', 'description', 'outerId']) {
    if (out[k] === '' || out[k] === undefined) out[k] = null;
  }
  if (!out.id) delete out.id;
  return out;
};

const StoreForm = ({ create = false }: { create?: boolean }) => (
  <TabbedForm syncWithLocation={!create}>
    <TabbedForm.Tab label="app.common.general">
      <General create={create} />
      {create ? null : <RecordMeta />}
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.stores.tabs.localization" path="localization">
      <LanguagesCurrencies />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.stores.tabs.fulfillment" path="fulfillment">
      <Fulfillment />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.stores.tabs.settings" path="settings">
      <Settings />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.stores.tabs.seo" path="seo">
      <Seo />
    </TabbedForm.Tab>
    {create ? null : (
      <TabbedForm.Tab label="app.common.history" path="history">
        <HistoryPanel entityType="stores.store" />
      </TabbedForm.Tab>
    )}
  </TabbedForm>
);

const Title = () => <span>{useRecordContext()?.name}</span>;

export const StoreCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="edit" mutationOptions={{ onError }} transform={clean}>
      <StoreForm create />
    </Create>
  );
};

export const StoreEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<Title />} transform={clean} redirect={false}>
      <StoreForm />
    </Edit>
  );
};
