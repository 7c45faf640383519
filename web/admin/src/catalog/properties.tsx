// Property definitions: list by catalog, editor with type, flags, validation and localized
// display names, and the dictionary (managed values with localized aliases) when it has one.
import {
  Alert,
  Box,
  Button as MuiButton,
  Chip,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import SaveIcon from '@mui/icons-material/Save';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  BooleanInput,
  Create,
  DataTable,
  Edit,
  FunctionField,
  List,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SearchInput,
  SelectInput,
  TabbedForm,
  TextField as RaTextField,
  TextInput,
  useCanAccess,
  useLocale,
  useNotify,
  useRecordContext,
  useTranslate,
  AutocompleteInput,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { api } from '../core/http';
import { LocalizedTextInput, useCatalogLanguages } from './common';
import { type DictItem, localized } from './PropertyValuesInput';

const types = ['Catalog', 'Category', 'Product', 'Variation'].map((t) => ({ id: t, name: `resources.properties.types.${t}` }));
const valueTypes = ['ShortText', 'LongText', 'Html', 'Number', 'Integer', 'Boolean', 'DateTime', 'GeoPoint'].map((t) => ({
  id: t,
  name: `resources.properties.valueTypes.${t}`,
}));

const Flags = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const flags = ['required', 'multivalue', 'multilanguage', 'dictionary', 'filterable', 'hidden'].filter((f) => r[f]);
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {flags.map((f) => (
        <Chip key={f} size="small" variant="outlined" label={translate(`resources.properties.fields.${f}`)} sx={{ height: 20 }} />
      ))}
    </Stack>
  );
};

const DisplayName = () => {
  const r = useRecordContext();
  const locale = useLocale();
  if (!r) return null;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {localized(r.displayNames, locale, r.name)}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
        {r.name}
      </Typography>
    </Box>
  );
};

export const PropertyList = () => {
  const translate = useTranslate();
  const rowClick = useRowClick('properties');
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn />,
        <ReferenceInput key="catalogId" source="catalogId" reference="catalogs" alwaysOn>
          <SelectInput optionText="name" />
        </ReferenceInput>,
        <SelectInput key="type" source="type" choices={types} />,
      ]}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={50}
    >
      <DataTable rowClick={rowClick} bulkActionButtons={false}>
        <DataTable.Col source="name">
          <DisplayName />
        </DataTable.Col>
        <DataTable.Col source="type">
          <FunctionField render={(r: any) => translate(`resources.properties.types.${r.type}`, { _: r.type })} />
        </DataTable.Col>
        <DataTable.Col source="valueType" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
          <FunctionField render={(r: any) => translate(`resources.properties.valueTypes.${r.valueType}`, { _: r.valueType })} />
        </DataTable.Col>
        <DataTable.Col source="catalogId" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <ReferenceField source="catalogId" reference="catalogs" link={false}>
            <RaTextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col label="resources.properties.flags" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <Flags />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const CategoryScopeInput = () => {
  const catalogId = useWatch({ name: 'catalogId' });
  return (
    <ReferenceInput source="categoryId" reference="categories" filter={{ catalogId }} sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} helperText="resources.properties.category_help" sx={{ minWidth: 280 }} />
    </ReferenceInput>
  );
};

const PropertyForm = ({ create = false }: { create?: boolean }) => {
  const record = useRecordContext();
  return (
    <TabbedForm syncWithLocation={!create}>
      <TabbedForm.Tab label="app.common.general">
        <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
          <TextInput source="name" validate={required()} helperText="resources.properties.name_help" sx={{ minWidth: 260 }} />
          <ReferenceInput source="catalogId" reference="catalogs">
            <SelectInput optionText="name" validate={required()} readOnly={!create} />
          </ReferenceInput>
          <CategoryScopeInput />
        </Box>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
          <SelectInput source="type" choices={types} defaultValue="Product" validate={required()} />
          <SelectInput source="valueType" choices={valueTypes} defaultValue="ShortText" validate={required()} />
        </Box>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3 }}>
          <BooleanInput source="required" />
          <BooleanInput source="multivalue" />
          <BooleanInput source="multilanguage" />
          <BooleanInput source="dictionary" />
          <BooleanInput source="filterable" />
          <BooleanInput source="hidden" />
        </Box>
        <Typography variant="subtitle2" sx={{ mt: 1 }}>
          <ValidationTitle />
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
          <TextInput source="validation.regex" label="resources.properties.fields.regex" />
          <NumberInput source="validation.minLength" label="resources.properties.fields.minLength" sx={{ width: 140 }} />
          <NumberInput source="validation.maxLength" label="resources.properties.fields.maxLength" sx={{ width: 140 }} />
          <NumberInput source="validation.min" label="resources.properties.fields.min" sx={{ width: 120 }} />
          <NumberInput source="validation.max" label="resources.properties.fields.max" sx={{ width: 120 }} />
        </Box>
        <LocalizedTextInput source="displayNames" label="resources.properties.fields.displayNames" />
        {create ? null : <RecordMeta />}
      </TabbedForm.Tab>
      {!create && record?.dictionary ? (
        <TabbedForm.Tab label="resources.properties.tabs.dictionary" path="dictionary">
          <DictionaryEditor propertyId={String(record.id)} />
        </TabbedForm.Tab>
      ) : null}
      {create ? null : (
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="catalog.property" />
        </TabbedForm.Tab>
      )}
    </TabbedForm>
  );
};

const ValidationTitle = () => <>{useTranslate()('resources.properties.validation')}</>;

const PropertyTitle = () => <span>{useRecordContext()?.name}</span>;

export const PropertyEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<PropertyTitle />} redirect={false}>
      <PropertyForm />
    </Edit>
  );
};

export const PropertyCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create mutationOptions={{ onError }} redirect="edit">
      <PropertyForm create />
    </Create>
  );
};

/** Inline editor of a dictionary: alias, localized values per catalog language, sort order. */
const DictionaryEditor = ({ propertyId }: { propertyId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const { languages } = useCatalogLanguages();
  const { canAccess: canWrite } = useCanAccess({ resource: 'properties', action: 'edit' });
  const base = `/properties/${encodeURIComponent(propertyId)}/dictionary-items`;
  const { data: items = [], isPending } = useQuery({
    queryKey: ['dictionary', propertyId],
    queryFn: () => api<{ items: DictItem[] }>(`${base}?limit=1000&sort=sortOrder:asc`).then((r) => r.json.items ?? []),
  });
  const [drafts, setDrafts] = useState<Record<string, DictItem>>({});
  const [newItem, setNewItem] = useState<DictItem>({ id: '', alias: '', localizedValues: [], sortOrder: 0 });
  const [error, setError] = useState<string | null>(null);
  const reload = () => {
    qc.invalidateQueries({ queryKey: ['dictionary', propertyId] });
    qc.invalidateQueries({ queryKey: ['dictionaries'] });
  };
  const valueOf = (it: DictItem, lang: string) => it.localizedValues?.find((v) => v.languageCode === lang)?.value ?? '';
  const withValue = (it: DictItem, lang: string, value: string): DictItem => ({
    ...it,
    localizedValues: [...(it.localizedValues ?? []).filter((v) => v.languageCode !== lang), ...(value ? [{ languageCode: lang, value }] : [])],
  });
  const fail = (e: any) => setError(e?.body?.fieldErrors?.map((f: any) => `${f.field}: ${f.message}`).join('; ') || e?.message || 'ra.notification.http_error');
  const save = async (it: DictItem) => {
    setError(null);
    try {
      const current = items.find((x) => x.id === it.id) as any;
      await api(`${base}/${encodeURIComponent(it.id)}`, {
        method: 'PATCH',
        body: { alias: it.alias, localizedValues: it.localizedValues ?? [], sortOrder: it.sortOrder ?? 0 },
        headers: { 'Content-Type': 'application/merge-patch+json', ...(current?.version !== undefined ? { 'If-Match': `"${current.version}"` } : {}) },
      });
      setDrafts(({ [it.id]: _, ...rest }) => rest);
      notify('ra.notification.updated', { type: 'success', messageArgs: { smart_count: 1 } });
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const add = async () => {
    setError(null);
    try {
      await api(base, { method: 'POST', body: { alias: newItem.alias, localizedValues: newItem.localizedValues ?? [], sortOrder: newItem.sortOrder ?? items.length } });
      setNewItem({ id: '', alias: '', localizedValues: [], sortOrder: 0 });
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const remove = async (it: DictItem) => {
    setError(null);
    try {
      await api(`${base}/${encodeURIComponent(it.id)}`, { method: 'DELETE' });
      reload();
    } catch (e) {
      fail(e);
    }
  };
  if (isPending) return <Typography>{translate('app.common.loading')}</Typography>;
  return (
    <Box sx={{ width: '100%', overflowX: 'auto' }} data-testid="dictionary-editor">
      {error ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          {translate(error, { _: error })}
        </Alert>
      ) : null}
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.properties.fields.alias')}</TableCell>
            {languages.map((l) => (
              <TableCell key={l}>{l}</TableCell>
            ))}
            <TableCell sx={{ width: 90 }}>{translate('resources.properties.fields.sortOrder')}</TableCell>
            <TableCell sx={{ width: 96 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((orig) => {
            const it = drafts[orig.id] ?? orig;
            const dirty = !!drafts[orig.id];
            const set = (next: DictItem) => setDrafts((d) => ({ ...d, [orig.id]: next }));
            return (
              <TableRow key={orig.id}>
                <TableCell>
                  <TextField size="small" variant="standard" value={it.alias} disabled={!canWrite} onChange={(e) => set({ ...it, alias: e.target.value })} />
                </TableCell>
                {languages.map((l) => (
                  <TableCell key={l}>
                    <TextField size="small" variant="standard" value={valueOf(it, l)} disabled={!canWrite} onChange={(e) => set(withValue(it, l, e.target.value))} />
                  </TableCell>
                ))}
                <TableCell>
                  <TextField
                    size="small"
                    variant="standard"
                    type="number"
                    value={it.sortOrder ?? 0}
                    disabled={!canWrite}
                    onChange={(e) => set({ ...it, sortOrder: Number(e.target.value) })}
                    sx={{ width: 70 }}
                  />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {canWrite ? (
                    <>
                      <IconButton size="small" disabled={!dirty} onClick={() => save(it)} aria-label={translate('ra.action.save')}>
                        <SaveIcon fontSize="small" />
                      </IconButton>
                      <IconButton size="small" onClick={() => remove(orig)} aria-label={translate('ra.action.delete')}>
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </>
                  ) : null}
                </TableCell>
              </TableRow>
            );
          })}
          {canWrite ? (
            <TableRow>
              <TableCell>
                <TextField
                  size="small"
                  variant="standard"
                  placeholder={translate('resources.properties.new_value')}
                  value={newItem.alias}
                  onChange={(e) => setNewItem({ ...newItem, alias: e.target.value })}
                  slotProps={{ htmlInput: { 'data-testid': 'new-dict-alias' } }}
                />
              </TableCell>
              {languages.map((l) => (
                <TableCell key={l}>
                  <TextField size="small" variant="standard" value={valueOf(newItem, l)} onChange={(e) => setNewItem(withValue(newItem, l, e.target.value))} />
                </TableCell>
              ))}
              <TableCell />
              <TableCell>
                <MuiButton size="small" startIcon={<AddIcon />} disabled={!newItem.alias.trim()} onClick={add}>
                  {translate('ra.action.add')}
                </MuiButton>
              </TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
    </Box>
  );
};
