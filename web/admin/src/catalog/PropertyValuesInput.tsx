// The property values of a product, variation or category, with one input per property that
// applies (from the catalog and the category path): dictionary pickers, multivalue chips,
// one field per catalog language for multilanguage properties, and the definition's checks
// (required, length, range, pattern) before the server checks them again. The server's 422 names
// `properties.<name>`; that message is shown under the property's input.
import {
  Alert,
  Autocomplete,
  Box,
  Chip,
  CircularProgress,
  FormControlLabel,
  FormHelperText,
  MenuItem,
  Switch,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useInput, useLocale, useTranslate } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { api } from '../core/http';
import { useCatalogLanguages } from './common';

export type ValueType = 'ShortText' | 'LongText' | 'Html' | 'Number' | 'Integer' | 'Boolean' | 'DateTime' | 'GeoPoint';

export interface PropertyDef {
  id: string;
  catalogId: string;
  categoryId?: string | null;
  name: string;
  type: 'Catalog' | 'Category' | 'Product' | 'Variation';
  valueType: ValueType;
  multivalue?: boolean;
  multilanguage?: boolean;
  dictionary?: boolean;
  required?: boolean;
  hidden?: boolean;
  filterable?: boolean;
  validation?: { regex?: string | null; minLength?: number | null; maxLength?: number | null; min?: number | null; max?: number | null };
  displayNames?: { languageCode: string; value: string }[];
}

export interface DictItem {
  id: string;
  alias: string;
  localizedValues?: { languageCode: string; value: string }[];
  sortOrder?: number;
}

interface ValueItem {
  value?: string | number | boolean | null;
  languageCode?: string | null;
  valueId?: string | null;
}
interface Entry {
  propertyId?: string;
  name?: string;
  values: ValueItem[];
  inherited?: boolean;
}

export type Owner = 'product' | 'variation' | 'category';

export function localized(list: { languageCode: string; value: string }[] | undefined, locale: string, fallback: string) {
  if (!list?.length) return fallback;
  const lang = locale === 'de' ? 'de' : 'en';
  return list.find((x) => x.languageCode?.toLowerCase().startsWith(lang))?.value ?? list[0]?.value ?? fallback;
}

export function usePropertyDefinitions(catalogId?: string, categoryId?: string | null) {
  return useQuery({
    queryKey: ['property-defs', catalogId, categoryId ?? null],
    enabled: !!catalogId,
    queryFn: async () => {
      if (categoryId) {
        const r = await api<{ items: PropertyDef[] }>(`/categories/${encodeURIComponent(categoryId)}/properties`);
        return r.json.items ?? [];
      }
      const r = await api<{ items: PropertyDef[] }>(`/properties?catalogId=${encodeURIComponent(catalogId!)}&categoryId=null&limit=1000`);
      return r.json.items ?? [];
    },
  });
}

function useDictionaries(defs: PropertyDef[]) {
  const ids = defs.filter((d) => d.dictionary).map((d) => d.id);
  return useQuery({
    queryKey: ['dictionaries', ids],
    enabled: ids.length > 0,
    queryFn: async () => {
      const out: Record<string, DictItem[]> = {};
      await Promise.all(
        ids.map(async (id) => {
          const r = await api<{ items: DictItem[] }>(`/properties/${encodeURIComponent(id)}/dictionary-items?limit=1000&sort=sortOrder:asc`);
          out[id] = r.json.items ?? [];
        }),
      );
      return out;
    },
  });
}

function allowed(def: PropertyDef, owner: Owner) {
  if (def.hidden) return false;
  return owner === 'category' ? def.type === 'Category' : def.type === 'Product' || def.type === 'Variation';
}

function requiredFor(def: PropertyDef, owner: Owner) {
  if (!def.required) return false;
  if (owner === 'category') return def.type === 'Category';
  if (owner === 'product') return def.type === 'Product';
  return def.type === 'Variation';
}

function coerce(def: PropertyDef, raw: string): string | number | boolean | null {
  if (raw === '') return null;
  switch (def.valueType) {
    case 'Number':
      return Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'Integer':
      return /^-?\d+$/.test(raw) ? parseInt(raw, 10) : raw;
    case 'DateTime': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d.toISOString().replace('.000Z', 'Z');
    }
    default:
      return raw;
  }
}

function display(def: PropertyDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (def.valueType === 'DateTime' && typeof v === 'string') {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }
  }
  return String(v);
}

/** Client-side check of one value against the definition; '' when fine. */
export function checkValue(def: PropertyDef, v: unknown, t: (k: string, o?: any) => string): string {
  if (v === null || v === undefined || v === '') return '';
  const val = def.validation ?? {};
  if (def.valueType === 'Number' || def.valueType === 'Integer') {
    if (typeof v !== 'number' || (def.valueType === 'Integer' && !Number.isInteger(v))) return t(def.valueType === 'Integer' ? 'resources.properties.check.integer' : 'ra.validation.number');
    if (val.min !== null && val.min !== undefined && v < val.min) return t('ra.validation.minValue', { min: val.min });
    if (val.max !== null && val.max !== undefined && v > val.max) return t('ra.validation.maxValue', { max: val.max });
  }
  if (typeof v === 'string') {
    if (val.minLength && v.length < val.minLength) return t('ra.validation.minLength', { min: val.minLength });
    if (val.maxLength && v.length > val.maxLength) return t('ra.validation.maxLength', { max: val.maxLength });
    if (val.regex) {
      try {
        if (!new RegExp(val.regex).test(v)) return t('ra.validation.regex', { pattern: val.regex });
      } catch {
        /* a pattern the browser cannot compile is left to the server */
      }
    }
    if (def.valueType === 'GeoPoint' && !/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/.test(v)) return t('resources.properties.check.geopoint');
  }
  return '';
}

const ScalarInput = ({
  def,
  value,
  onChange,
  label,
  error,
  testId,
}: {
  def: PropertyDef;
  value: unknown;
  onChange: (v: string | number | boolean | null) => void;
  label?: string;
  error?: string;
  testId: string;
}) => {
  const translate = useTranslate();
  if (def.valueType === 'Boolean') {
    return (
      <FormControlLabel
        control={<Switch checked={value === true} onChange={(e) => onChange(e.target.checked)} slotProps={{ input: { 'data-testid': testId } as any }} />}
        label={label ?? (value === true ? translate('app.common.yes') : translate('app.common.no'))}
      />
    );
  }
  const multiline = def.valueType === 'LongText' || def.valueType === 'Html';
  const type = def.valueType === 'Number' || def.valueType === 'Integer' ? 'number' : def.valueType === 'DateTime' ? 'datetime-local' : 'text';
  return (
    <TextField
      size="small"
      fullWidth
      label={label}
      type={type}
      multiline={multiline}
      minRows={multiline ? 3 : undefined}
      value={display(def, value)}
      onChange={(e) => onChange(coerce(def, e.target.value))}
      error={!!error}
      helperText={error || (def.valueType === 'GeoPoint' ? 'lat,lon' : undefined)}
      slotProps={{
        htmlInput: {
          'data-testid': testId,
          step: def.valueType === 'Integer' ? 1 : 'any',
          min: def.validation?.min ?? undefined,
          max: def.validation?.max ?? undefined,
          maxLength: def.validation?.maxLength ?? undefined,
          style: def.valueType === 'Html' ? { fontFamily: 'monospace' } : undefined,
        },
        inputLabel: type === 'datetime-local' ? { shrink: true } : undefined,
      }}
    />
  );
};

const DictionaryInput = ({
  def,
  items,
  entry,
  onChange,
  error,
}: {
  def: PropertyDef;
  items: DictItem[];
  entry?: Entry;
  onChange: (values: ValueItem[]) => void;
  error?: string;
}) => {
  const locale = useLocale();
  const label = (it: DictItem) => localized(it.localizedValues, locale, it.alias);
  const selectedIds = (entry?.values ?? []).map((v) => v.valueId ?? items.find((i) => i.alias.toLowerCase() === String(v.value ?? '').toLowerCase())?.id).filter(Boolean) as string[];
  const toValues = (ids: string[]) => ids.map((id) => ({ valueId: id, value: items.find((i) => i.id === id)?.alias ?? null }));
  if (def.multivalue) {
    const value = items.filter((i) => selectedIds.includes(i.id));
    return (
      <Autocomplete
        multiple
        size="small"
        options={items}
        value={value}
        getOptionLabel={label}
        isOptionEqualToValue={(a, b) => a.id === b.id}
        onChange={(_, v) => onChange(toValues(v.map((x) => x.id)))}
        renderValue={(vals, getItemProps) =>
          vals.map((v, i) => {
            const { key, ...p } = getItemProps({ index: i });
            return <Chip key={key} size="small" label={label(v)} {...p} />;
          })
        }
        renderInput={(params) => (
          <TextField
            {...params}
            error={!!error}
            helperText={error}
            slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': `prop-${def.name}` } as any }}
          />
        )}
      />
    );
  }
  return (
    <TextField
      select
      size="small"
      fullWidth
      value={selectedIds[0] ?? ''}
      onChange={(e) => onChange(e.target.value ? toValues([e.target.value]) : [])}
      error={!!error}
      helperText={error}
      slotProps={{ select: { displayEmpty: true, SelectDisplayProps: { 'data-testid': `prop-${def.name}` } as any } }}
    >
      <MenuItem value="">
        <em>—</em>
      </MenuItem>
      {items.map((it) => (
        <MenuItem key={it.id} value={it.id}>
          {label(it)}
        </MenuItem>
      ))}
    </TextField>
  );
};

const MultiScalarInput = ({ def, values, onChange, error }: { def: PropertyDef; values: ValueItem[]; onChange: (v: ValueItem[]) => void; error?: string }) => (
  <Autocomplete
    multiple
    freeSolo
    size="small"
    options={[] as string[]}
    value={values.map((v) => String(v.value ?? ''))}
    onChange={(_, v) => onChange((v as string[]).map((s) => ({ value: coerce(def, s), languageCode: values[0]?.languageCode ?? null })))}
    renderValue={(vals, getItemProps) =>
      vals.map((v, i) => {
        const { key, ...p } = getItemProps({ index: i });
        return <Chip key={key} size="small" label={v} {...p} />;
      })
    }
    renderInput={(params) => (
      <TextField
        {...params}
        placeholder="+ Enter"
        error={!!error}
        helperText={error}
        slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': `prop-${def.name}` } as any }}
      />
    )}
  />
);

/** `owner` "product" becomes "variation" when the form's record has a main product. */
export const PropertyValuesInput = ({ owner: declared }: { owner: 'product' | 'category' }) => {
  const translate = useTranslate();
  const mainProductId = useWatch({ name: 'mainProductId' });
  const owner: Owner = declared === 'product' && mainProductId ? 'variation' : declared;
  const locale = useLocale();
  const catalogId = useWatch({ name: 'catalogId' });
  const categoryId = useWatch({ name: owner === 'category' ? 'id' : 'categoryId' });
  const { languages } = useCatalogLanguages();
  const { data: allDefs = [], isPending, error: loadError } = usePropertyDefinitions(catalogId, categoryId);
  const defs = useMemo(() => allDefs.filter((d) => allowed(d, owner)), [allDefs, owner]);
  const { data: dicts = {} } = useDictionaries(defs);

  const validate = (value: Entry[] | undefined) => {
    for (const d of defs) {
      const e = (value ?? []).find((x) => x.propertyId === d.id || x.name === d.name);
      const vals = (e?.values ?? []).filter((v) => v.value !== null && v.value !== '' && v.value !== undefined);
      if (requiredFor(d, owner) && vals.length === 0 && !e?.inherited) return 'resources.products.properties_invalid';
      if (vals.some((v) => checkValue(d, v.value, translate))) return 'resources.products.properties_invalid';
    }
    return undefined;
  };
  const { field } = useInput({ source: 'properties', defaultValue: [], validate });
  const { errors, isSubmitted } = useFormState();
  const entries: Entry[] = Array.isArray(field.value) ? field.value : [];
  const serverErrors = ((errors as any)?.properties ?? {}) as Record<string, any>;

  // Entries name their property by id, by name, or both (names are unique in a catalog).
  const matches = (e: Entry, d: PropertyDef) => e.propertyId === d.id || (e.name === d.name && !defs.some((x) => x.id === e.propertyId));
  const entryOf = (d: PropertyDef) => entries.find((e) => matches(e, d));
  const setValues = (d: PropertyDef, values: ValueItem[]) => {
    const clean = values.filter((v) => v.valueId || (v.value !== null && v.value !== undefined && v.value !== ''));
    const rest = entries.filter((e) => !matches(e, d));
    field.onChange(clean.length ? [...rest, { propertyId: d.id, name: d.name, values: clean }] : rest);
  };

  if (!catalogId) return <Alert severity="info">{translate('resources.products.choose_catalog_first')}</Alert>;
  if (isPending) return <CircularProgress size={24} />;
  if (loadError) return <Alert severity="error">{translate((loadError as Error).message, { _: (loadError as Error).message })}</Alert>;
  if (!defs.length) return <Alert severity="info">{translate('resources.products.no_properties')}</Alert>;

  return (
    <Box sx={{ width: '100%' }} data-testid="property-values">
      {defs.map((d) => {
        const entry = entryOf(d);
        const vals = entry?.values ?? [];
        const req = requiredFor(d, owner);
        const serverError = serverErrors[d.name]?.message as string | undefined;
        const valueError = vals.map((v) => checkValue(d, v.value, translate)).find(Boolean);
        const missing = req && !vals.length && !entry?.inherited && isSubmitted ? translate('ra.validation.required') : '';
        const error = serverError || valueError || missing || undefined;
        const title = localized(d.displayNames, locale, d.name);
        let input;
        if (d.dictionary) {
          input = <DictionaryInput def={d} items={dicts[d.id] ?? []} entry={entry} onChange={(v) => setValues(d, v)} error={error} />;
        } else if (d.multilanguage) {
          input = (
            <Box sx={{ display: 'grid', gap: 1 }}>
              {languages.map((lang) => {
                const mine = vals.filter((v) => v.languageCode === lang);
                const others = vals.filter((v) => v.languageCode !== lang);
                return d.multivalue ? (
                  <Box key={lang} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                    <Chip size="small" label={lang} sx={{ minWidth: 56 }} />
                    <Box sx={{ flex: 1 }}>
                      <MultiScalarInput def={d} values={mine} onChange={(v) => setValues(d, [...others, ...v.map((x) => ({ ...x, languageCode: lang }))])} />
                    </Box>
                  </Box>
                ) : (
                  <ScalarInput
                    key={lang}
                    def={d}
                    label={lang}
                    value={mine[0]?.value}
                    testId={`prop-${d.name}-${lang}`}
                    onChange={(v) => setValues(d, [...others, { value: v, languageCode: lang }])}
                  />
                );
              })}
              {error ? <FormHelperText error>{error}</FormHelperText> : null}
            </Box>
          );
        } else if (d.multivalue && d.valueType !== 'Boolean') {
          input = <MultiScalarInput def={d} values={vals} onChange={(v) => setValues(d, v.map((x) => ({ value: x.value })))} error={error} />;
        } else {
          input = <ScalarInput def={d} value={vals[0]?.value} testId={`prop-${d.name}`} onChange={(v) => setValues(d, v === null ? [] : [{ value: v }])} error={error} />;
        }
        return (
          <Box
            key={d.id}
            data-property={d.name}
            sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '260px 1fr' }, gap: { xs: 0.5, md: 2 }, py: 1.5, borderTop: '1px solid', borderColor: 'divider' }}
          >
            <Box>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {title}
                {req ? ' *' : ''}
              </Typography>
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
                <Tooltip title={translate('resources.properties.fields.valueType')}>
                  <Chip size="small" variant="outlined" label={translate(`resources.properties.valueTypes.${d.valueType}`, { _: d.valueType })} sx={{ height: 20 }} />
                </Tooltip>
                {d.type === 'Variation' ? <Chip size="small" color="secondary" variant="outlined" label={translate('resources.properties.types.Variation')} sx={{ height: 20 }} /> : null}
                {d.multivalue ? <Chip size="small" variant="outlined" label={translate('resources.properties.fields.multivalue')} sx={{ height: 20 }} /> : null}
                {d.multilanguage ? <Chip size="small" variant="outlined" label={translate('resources.properties.fields.multilanguage')} sx={{ height: 20 }} /> : null}
                {entry?.inherited ? <Chip size="small" label={translate('resources.products.inherited')} sx={{ height: 20 }} /> : null}
              </Box>
            </Box>
            <Box>{input}</Box>
          </Box>
        );
      })}
    </Box>
  );
};
