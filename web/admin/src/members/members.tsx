// Contacts, organizations, employees and vendors share one set of pages: a list with search
// (q, group, tag, organization, status) and an editor with the type's own fields, addresses,
// e-mails, phones, groups and tags.
import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  DataTable,
  DateField,
  DateInput,
  Edit,
  List,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  required,
  SearchInput,
  SelectInput,
  SimpleFormIterator,
  TabbedForm,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';

export type MemberKind = 'contacts' | 'organizations' | 'employees' | 'vendors';

const entityTypes: Record<MemberKind, string> = {
  contacts: 'members.contact',
  organizations: 'members.organization',
  employees: 'members.employee',
  vendors: 'members.vendor',
};

const isPerson = (k: MemberKind) => k === 'contacts' || k === 'employees';

const statuses = ['New', 'Approved', 'Rejected'].map((s) => ({ id: s, name: `resources.members.status.${s}` }));
const addressTypes = ['billing', 'shipping', 'billingAndShipping'].map((s) => ({ id: s, name: `resources.members.address_types.${s}` }));

const Chips = ({ source }: { source: string }) => {
  const r = useRecordContext();
  const values: string[] = r?.[source] ?? [];
  if (!values.length) return null;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {values.map((v) => (
        <Chip key={v} size="small" variant="outlined" label={v} />
      ))}
    </Stack>
  );
};

const NameCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="body2" sx={{ fontWeight: 500 }} noWrap>
        {r.name}
      </Typography>
      {r.emails?.[0] ? (
        <Typography variant="caption" color="text.secondary" noWrap component="div">
          {r.emails[0]}
        </Typography>
      ) : null}
    </Box>
  );
};

const StatusChip = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  if (r.isActive === false) return <Chip size="small" label={translate('resources.members.inactive')} />;
  const color = r.status === 'Rejected' ? 'error' : r.status === 'New' ? 'info' : 'success';
  return <Chip size="small" variant="outlined" color={color} label={translate(`resources.members.status.${r.status ?? 'Approved'}`)} />;
};

const OrganizationsCell = () => {
  const r = useRecordContext();
  const ids: string[] = r?.organizations ?? [];
  if (!ids.length) return null;
  return (
    <ReferenceField source="organizations.0" reference="organizations" link={false} record={{ ...r, organizations: ids } as any}>
      <TextField source="name" />
    </ReferenceField>
  );
};

const memberFilters = (kind: MemberKind) => [
  <SearchInput key="q" source="q" alwaysOn />,
  ...(kind === 'organizations' || isPerson(kind)
    ? [
        <ReferenceInput key="organizationId" source="organizationId" reference="organizations" alwaysOn>
          <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} label="resources.members.fields.organizationId" sx={{ minWidth: 220 }} />
        </ReferenceInput>,
      ]
    : []),
  <TextInput key="group" source="group" label="resources.members.fields.group" />,
  <TextInput key="tag" source="tag" label="resources.members.fields.tag" />,
  <SelectInput key="status" source="status" choices={statuses} label="resources.members.fields.status" />,
];

const MemberList = ({ kind }: { kind: MemberKind }) => {
  const rowClick = useRowClick(kind);
  return (
    <List resource={kind} filters={memberFilters(kind)} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="name" label="resources.members.fields.name">
          <NameCell />
        </DataTable.Col>
        {isPerson(kind) ? (
          <DataTable.Col source="organizations" label="resources.members.fields.organizations" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
            <OrganizationsCell />
          </DataTable.Col>
        ) : kind === 'organizations' ? (
          <DataTable.Col source="parentId" label="resources.members.fields.parentId" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
            <ReferenceField source="parentId" reference="organizations" link={false}>
              <TextField source="name" />
            </ReferenceField>
          </DataTable.Col>
        ) : null}
        <DataTable.Col source="groups" label="resources.members.fields.groups" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <Chips source="groups" />
        </DataTable.Col>
        <DataTable.Col source="tags" label="resources.members.fields.tags" disableSort sx={{ display: { xs: 'none', lg: 'table-cell' } }}>
          <Chips source="tags" />
        </DataTable.Col>
        <DataTable.Col source="status" label="resources.members.fields.status">
          <StatusChip />
        </DataTable.Col>
        <DataTable.Col source="modifiedAt" label="resources.members.fields.modifiedAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <DateField source="modifiedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

/** Free-text values (e-mails, phones, groups, tags): type, then pick “Create …” or press Enter. */
const ValuesInput = ({ source, label, helperText, validateItem }: { source: string; label: string; helperText?: string; validateItem?: (v: string) => boolean }) => {
  const values: string[] = useWatch({ name: source }) ?? [];
  const choices = values.map((v) => ({ id: v, name: v }));
  return (
    <AutocompleteArrayInput
      source={source}
      label={label}
      choices={choices}
      onCreate={(text?: string) => {
        const v = (text ?? '').trim();
        if (!v || (validateItem && !validateItem(v))) return undefined;
        return { id: v, name: v };
      }}
      createItemLabel="resources.members.add_value"
      helperText={helperText}
      fullWidth
    />
  );
};

const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

const AddressesInput = () => (
  <ArrayInput source="addresses" label="resources.members.fields.addresses">
    <SimpleFormIterator fullWidth disableReordering>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, width: '100%' }}>
        <SelectInput source="type" label="resources.members.address.type" choices={addressTypes} defaultValue="billingAndShipping" validate={required()} sx={{ minWidth: 200 }} />
        <TextInput source="name" label="resources.members.address.name" sx={{ flex: '1 1 200px' }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, width: '100%' }}>
        <TextInput source="line1" label="resources.members.address.line1" validate={required()} sx={{ flex: '2 1 260px' }} />
        <TextInput source="line2" label="resources.members.address.line2" sx={{ flex: '1 1 200px' }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, width: '100%' }}>
        <TextInput source="postalCode" label="resources.members.address.postalCode" sx={{ width: 130 }} />
        <TextInput source="city" label="resources.members.address.city" validate={required()} sx={{ flex: '1 1 180px' }} />
        <TextInput source="regionCode" label="resources.members.address.regionCode" sx={{ width: 110 }} />
        <TextInput source="countryCode" label="resources.members.address.countryCode" validate={required()} parse={(v: string) => (v ? v.toUpperCase() : v)} sx={{ width: 110 }} />
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, width: '100%' }}>
        <TextInput source="phone" label="resources.members.address.phone" sx={{ flex: '1 1 180px' }} />
        <TextInput source="email" label="resources.members.address.email" type="email" sx={{ flex: '1 1 220px' }} />
      </Stack>
    </SimpleFormIterator>
  </ArrayInput>
);

const GeneralFields = ({ kind }: { kind: MemberKind }) => {
  return (
    <Box sx={{ width: '100%', maxWidth: 960 }}>
      {isPerson(kind) ? (
        <>
          <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
            <TextInput source="firstName" label="resources.members.fields.firstName" sx={{ flex: '1 1 200px' }} />
            <TextInput source="lastName" label="resources.members.fields.lastName" sx={{ flex: '1 1 200px' }} />
            <TextInput source="fullName" label="resources.members.fields.fullName" helperText="resources.members.full_name_help" sx={{ flex: '1 1 240px' }} />
          </Stack>
          <ReferenceArrayInput source="organizations" reference="organizations" sort={{ field: 'name', order: 'ASC' }}>
            <AutocompleteArrayInput optionText="name" filterToQuery={(q) => ({ q })} label="resources.members.fields.organizations" fullWidth />
          </ReferenceArrayInput>
        </>
      ) : (
        <TextInput source="name" label="resources.members.fields.name" validate={required()} fullWidth />
      )}
      {kind === 'organizations' ? (
        // The server refuses a parent that would close a cycle (422 on parentId, shown here).
        <ReferenceInput source="parentId" reference="organizations" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput
            optionText="name"
            filterToQuery={(q) => ({ q })}
            label="resources.members.fields.parentId"
            helperText="resources.members.parent_help"
            sx={{ maxWidth: 480 }}
          />
        </ReferenceInput>
      ) : null}
      <ValuesInput source="emails" label="resources.members.fields.emails" helperText="resources.members.values_help" validateItem={looksLikeEmail} />
      <ValuesInput source="phones" label="resources.members.fields.phones" />
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <Box sx={{ flex: '1 1 320px' }}>
          <ValuesInput source="groups" label="resources.members.fields.groups" helperText="resources.members.groups_help" />
        </Box>
        <Box sx={{ flex: '1 1 320px' }}>
          <ValuesInput source="tags" label="resources.members.fields.tags" />
        </Box>
      </Stack>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'center' }}>
        <SelectInput source="status" label="resources.members.fields.status" choices={statuses} defaultValue="Approved" fullWidth={false} sx={{ minWidth: 160 }} />
        <TextInput source="defaultLanguage" label="resources.members.fields.defaultLanguage" sx={{ width: 160 }} />
        <TextInput source="timeZone" label="resources.members.fields.timeZone" helperText="resources.members.timezone_help" sx={{ width: 220 }} />
        {kind === 'contacts' ? <DateInput source="birthDate" label="resources.members.fields.birthDate" fullWidth={false} /> : null}
        <TextInput source="outerId" label="resources.members.fields.outerId" sx={{ width: 180 }} />
        <BooleanInput source="isActive" label="resources.members.fields.isActive" defaultValue={true} />
      </Stack>
      <TextInput source="description" label="resources.members.fields.description" multiline fullWidth />
    </Box>
  );
};

/** Optional texts left empty are sent as null; derived fields stay out of the write. */
const clean = (data: any) => {
  const out = { ...data };
  delete out.memberType;
  for (const k of ['defaultLanguage', 'timeZone', 'outerId', 'description', 'birthDate', 'parentId', 'firstName', 'lastName']) {
    if (out[k] === '') out[k] = null;
  }
  if (out.fullName === '') delete out.fullName;
  return out;
};

const MemberForm = ({ kind, create = false }: { kind: MemberKind; create?: boolean }) => (
  <TabbedForm syncWithLocation={!create}>
    <TabbedForm.Tab label="app.common.general">
      <GeneralFields kind={kind} />
      {create ? null : <RecordMeta />}
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.members.tabs.addresses" path="addresses">
      <AddressesInput />
    </TabbedForm.Tab>
    {create ? null : (
      <TabbedForm.Tab label="app.common.history" path="history">
        <HistoryPanel entityType={entityTypes[kind]} />
      </TabbedForm.Tab>
    )}
  </TabbedForm>
);

const Title = () => <span>{useRecordContext()?.name}</span>;

const MemberCreate = ({ kind }: { kind: MemberKind }) => {
  const onError = useSaveErrorHandler();
  return (
    <Create resource={kind} redirect="edit" mutationOptions={{ onError }} transform={clean}>
      <MemberForm kind={kind} create />
    </Create>
  );
};

const MemberEdit = ({ kind }: { kind: MemberKind }) => {
  const onError = useSaveErrorHandler();
  return (
    <Edit resource={kind} mutationMode="pessimistic" mutationOptions={{ onError }} title={<Title />} transform={clean} redirect={false}>
      <MemberForm kind={kind} />
    </Edit>
  );
};

/** The list, edit and create pages of one member type, for `<Resource {...memberPages(kind)} />`. */
export function memberPages(kind: MemberKind) {
  return {
    list: () => <MemberList kind={kind} />,
    edit: () => <MemberEdit kind={kind} />,
    create: () => <MemberCreate kind={kind} />,
  };
}
