// Settings: every setting the modules declare, grouped by module, with an editor that fits its
// type (switch, number with bounds, choice, text, list, JSON), saved one by one; "reset" returns
// to the default.
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Title, useLocale, useNotify, usePermissions, useTranslate } from 'react-admin';
import { api } from '../core/http';
import { can, type Permissions } from '../core/permissions';

export interface Setting {
  name: string;
  module?: string;
  type: 'string' | 'integer' | 'boolean' | 'decimal' | 'json' | 'stringList';
  value?: unknown;
  defaultValue?: unknown;
  allowedValues?: string[];
  min?: number;
  max?: number;
  perStore?: boolean;
  displayName?: string;
  description?: string;
  secret?: boolean;
  source?: string;
  hasValue?: boolean;
  modifiedAt?: string;
  modifiedBy?: string;
}

const SETTINGS_WRITE = 'settings:update';

function useSettings() {
  const locale = useLocale();
  return useQuery({
    queryKey: ['settings', locale],
    queryFn: () =>
      api<{ items: Setting[] } | Setting[]>('/settings?limit=1000').then((r) => (Array.isArray(r.json) ? r.json : (r.json.items ?? []))),
  });
}

const ValueEditor = ({ s, value, onChange, disabled }: { s: Setting; value: unknown; onChange: (v: unknown) => void; disabled: boolean }) => {
  const translate = useTranslate();
  const id = `setting-${s.name}`;
  switch (s.type) {
    case 'boolean':
      return (
        <FormControlLabel
          control={<Switch checked={!!value} onChange={(e) => onChange(e.target.checked)} disabled={disabled} slotProps={{ input: { id } as any }} />}
          label={value ? translate('app.common.yes') : translate('app.common.no')}
        />
      );
    case 'integer':
    case 'decimal':
      return (
        <TextField
          size="small"
          type="number"
          value={value ?? ''}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          slotProps={{ htmlInput: { id, min: s.min, max: s.max, step: s.type === 'integer' ? 1 : 'any' } }}
          helperText={s.min !== undefined || s.max !== undefined ? `${s.min ?? '−∞'} … ${s.max ?? '∞'}` : undefined}
          sx={{ width: 200 }}
        />
      );
    case 'stringList':
      return (
        <Autocomplete
          multiple
          freeSolo={!s.allowedValues?.length}
          size="small"
          options={s.allowedValues ?? []}
          value={Array.isArray(value) ? (value as string[]) : []}
          disabled={disabled}
          onChange={(_, v) => onChange(v)}
          renderValue={(vals, getItemProps) =>
            vals.map((v, i) => {
              const { key, ...p } = getItemProps({ index: i });
              return <Chip key={key} size="small" label={v} {...p} />;
            })
          }
          renderInput={(params) => <TextField {...params} />}
          sx={{ minWidth: 280 }}
        />
      );
    case 'json':
      return (
        <TextField
          size="small"
          multiline
          minRows={3}
          fullWidth
          disabled={disabled}
          value={typeof value === 'string' ? value : JSON.stringify(value ?? null, null, 2)}
          onChange={(e) => onChange(e.target.value)}
          slotProps={{ htmlInput: { id, style: { fontFamily: 'monospace' } } }}
        />
      );
    default:
      if (s.allowedValues?.length) {
        return (
          <TextField select size="small" value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 200 }} slotProps={{ htmlInput: { id } }}>
            {s.allowedValues.map((v) => (
              <MenuItem key={v} value={v}>
                {v}
              </MenuItem>
            ))}
          </TextField>
        );
      }
      return (
        <TextField
          size="small"
          type={s.secret ? 'password' : 'text'}
          value={value ?? ''}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          sx={{ minWidth: 280 }}
          slotProps={{ htmlInput: { id } }}
        />
      );
  }
};

const SettingRow = ({ s, canWrite }: { s: Setting; canWrite: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<unknown>(s.value);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(s.value);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      let value = draft;
      if (s.type === 'json' && typeof draft === 'string') value = JSON.parse(draft);
      await api(`/settings/${encodeURIComponent(s.name)}`, { method: 'PUT', body: { value } });
      notify('resources.settings.saved', { type: 'success' });
      await qc.invalidateQueries({ queryKey: ['settings'] });
    } catch (e: any) {
      const fieldMsg = e?.body?.fieldErrors?.[0]?.message;
      setError(fieldMsg ?? e?.message ?? 'ra.notification.http_error');
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      await api(`/settings/${encodeURIComponent(s.name)}`, { method: 'DELETE' });
      await qc.invalidateQueries({ queryKey: ['settings'] });
      setDraft(s.defaultValue);
    } catch (e: any) {
      setError(e?.message ?? 'ra.notification.http_error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ py: 2, borderTop: '1px solid', borderColor: 'divider', display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }} data-setting={s.name}>
      <Box sx={{ flex: '1 1 300px', minWidth: 0 }}>
        <Typography variant="body1" sx={{ fontWeight: 500 }}>
          {s.displayName || s.name}
        </Typography>
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', display: 'block' }}>
          {s.name}
        </Typography>
        {s.description ? (
          <Typography variant="body2" color="text.secondary">
            {s.description}
          </Typography>
        ) : null}
      </Box>
      <Box sx={{ flex: '1 1 320px' }}>
        <ValueEditor s={s} value={draft} onChange={setDraft} disabled={!canWrite || busy} />
        {error ? (
          <Typography color="error" variant="caption" sx={{ display: 'block' }}>
            {translate(error, { _: error })}
          </Typography>
        ) : null}
      </Box>
      {canWrite ? (
        <Stack direction="row" spacing={1}>
          <Button variant="contained" size="small" disabled={!dirty || busy} onClick={save}>
            {translate('app.common.save')}
          </Button>
          <Button size="small" disabled={busy || s.source === 'default' || s.hasValue === false} onClick={reset}>
            {translate('ra.action.reset')}
          </Button>
        </Stack>
      ) : null}
    </Box>
  );
};

export const SettingsPage = () => {
  const translate = useTranslate();
  const { data, isPending, error } = useSettings();
  const { permissions } = usePermissions<Permissions>();
  const canWrite = can(permissions, SETTINGS_WRITE);
  const modules = useMemo(() => {
    const m = new Map<string, Setting[]>();
    for (const s of data ?? []) {
      const mod = s.module ?? s.name.split('.')[0];
      m.set(mod, [...(m.get(mod) ?? []), s]);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data]);
  const [tab, setTab] = useState(0);
  const current = modules[Math.min(tab, Math.max(0, modules.length - 1))];
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('resources.settings.name', { smart_count: 2 })} />
      {error ? <Alert severity="error">{translate((error as Error).message, { _: (error as Error).message })}</Alert> : null}
      <Card>
        {isPending ? (
          <CardContent>{translate('app.common.loading')}</CardContent>
        ) : (
          <>
            <Tabs value={Math.min(tab, Math.max(0, modules.length - 1))} onChange={(_, v) => setTab(v)} variant="scrollable" scrollButtons="auto">
              {modules.map(([mod]) => (
                <Tab key={mod} label={translate(`resources.settings.modules.${mod}`, { _: mod })} />
              ))}
            </Tabs>
            <CardContent>
              {current?.[1].map((s) => (
                <SettingRow key={`${s.name}-${JSON.stringify(s.value)}`} s={s} canWrite={canWrite} />
              ))}
            </CardContent>
          </>
        )}
      </Card>
    </Box>
  );
};
