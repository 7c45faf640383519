// Permission picker of the role editor: the server's permissions grouped by module, each with a
// checkbox and, when granted, optional scopes limiting it to some stores or catalogs.
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Autocomplete,
  Box,
  Checkbox,
  Chip,
  FormControlLabel,
  FormHelperText,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useInput, useLocale, useTranslate } from 'react-admin';
import { api } from '../core/http';
import type { PermissionGrant } from '../core/permissions';

export interface PermissionInfo {
  name: string;
  displayName?: string;
  description?: string;
  module?: string;
  storeScopable?: boolean;
}

export function usePermissionCatalog() {
  const locale = useLocale();
  return useQuery({
    queryKey: ['permission-catalog', locale],
    queryFn: () =>
      api<{ items: PermissionInfo[] } | PermissionInfo[]>('/security/permissions').then((r) =>
        Array.isArray(r.json) ? r.json : (r.json.items ?? []),
      ),
    staleTime: 5 * 60_000,
  });
}

const ScopeInput = ({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  testId: string;
}) => (
  <Autocomplete
    multiple
    freeSolo
    size="small"
    options={[] as string[]}
    value={value}
    onChange={(_, v) => onChange(v as string[])}
    renderValue={(vals, getItemProps) =>
      vals.map((v, i) => {
        const { key, ...p } = getItemProps({ index: i });
        return <Chip key={key} size="small" label={v} {...p} />;
      })
    }
    renderInput={(params) => (
      <TextField
        {...params}
        label={label}
        placeholder="id + Enter"
        slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': testId } as any }}
      />
    )}
    sx={{ minWidth: 220, flex: 1 }}
  />
);

export const PermissionPicker = ({ source = 'permissions', disabled = false }: { source?: string; disabled?: boolean }) => {
  const translate = useTranslate();
  const { field, fieldState } = useInput({ source, defaultValue: [] });
  const { data: catalog = [], isPending } = usePermissionCatalog();
  const grants: PermissionGrant[] = useMemo(
    () => (Array.isArray(field.value) ? field.value : []).map((g: any) => (typeof g === 'string' ? { name: g } : g)),
    [field.value],
  );
  const byName = new Map(grants.map((g) => [g.name, g]));

  const groups = useMemo(() => {
    const m = new Map<string, PermissionInfo[]>();
    for (const p of catalog) {
      const mod = p.module ?? p.name.split(':')[0];
      m.set(mod, [...(m.get(mod) ?? []), p]);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [catalog]);

  const set = (next: PermissionGrant[]) => field.onChange(next);
  const toggle = (name: string, on: boolean) =>
    set(on ? [...grants, { name, storeIds: [], catalogIds: [] }] : grants.filter((g) => g.name !== name));
  const update = (name: string, patch: Partial<PermissionGrant>) =>
    set(grants.map((g) => (g.name === name ? { ...g, ...patch } : g)));
  const toggleGroup = (perms: PermissionInfo[], on: boolean) => {
    const names = new Set(perms.map((p) => p.name));
    const rest = grants.filter((g) => !names.has(g.name));
    set(on ? [...rest, ...perms.map((p) => byName.get(p.name) ?? { name: p.name, storeIds: [], catalogIds: [] })] : rest);
  };

  if (isPending) return <Typography color="text.secondary">{translate('app.common.loading')}</Typography>;
  return (
    <Box sx={{ width: '100%' }} data-testid="permission-picker">
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('resources.roles.fields.permissions')}{' '}
        <Typography component="span" variant="body2" color="text.secondary">
          ({grants.length}/{catalog.length})
        </Typography>
      </Typography>
      {groups.map(([mod, perms]) => {
        const granted = perms.filter((p) => byName.has(p.name)).length;
        return (
          <Accordion key={mod} disableGutters variant="outlined" defaultExpanded={granted > 0}>
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <FormControlLabel
                onClick={(e) => e.stopPropagation()}
                control={
                  <Checkbox
                    disabled={disabled}
                    checked={granted === perms.length}
                    indeterminate={granted > 0 && granted < perms.length}
                    onChange={(e) => toggleGroup(perms, e.target.checked)}
                  />
                }
                label={
                  <Typography sx={{ fontWeight: 500, textTransform: 'capitalize' }}>
                    {mod}{' '}
                    <Typography component="span" variant="body2" color="text.secondary">
                      {granted}/{perms.length}
                    </Typography>
                  </Typography>
                }
              />
            </AccordionSummary>
            <AccordionDetails sx={{ pt: 0 }}>
              {perms.map((p) => {
                const g = byName.get(p.name);
                return (
                  <Box key={p.name} sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, py: 0.5, borderTop: '1px solid', borderColor: 'divider' }}>
                    <FormControlLabel
                      sx={{ minWidth: 280, flex: '1 1 280px' }}
                      control={
                        <Checkbox
                          disabled={disabled}
                          checked={!!g}
                          onChange={(e) => toggle(p.name, e.target.checked)}
                          slotProps={{ input: { 'aria-label': p.name, 'data-permission': p.name } as any }}
                        />
                      }
                      label={
                        <Box>
                          <Typography variant="body2">{p.displayName ?? p.name}</Typography>
                          <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                            {p.name}
                          </Typography>
                        </Box>
                      }
                    />
                    {g && !disabled && (p.storeScopable !== false || (p.module ?? p.name.split(':')[0]) === 'catalog') ? (
                      <Box sx={{ display: 'flex', gap: 1, flex: '2 1 440px', flexWrap: 'wrap' }}>
                        {p.storeScopable !== false ? (
                          <ScopeInput
                            label={translate('resources.roles.fields.storeIds')}
                            value={g.storeIds ?? []}
                            onChange={(v) => update(p.name, { storeIds: v })}
                            testId={`stores-${p.name}`}
                          />
                        ) : null}
                        {(p.module ?? p.name.split(':')[0]) === 'catalog' ? (
                        <ScopeInput
                          label={translate('resources.roles.fields.catalogIds')}
                          value={g.catalogIds ?? []}
                          onChange={(v) => update(p.name, { catalogIds: v })}
                          testId={`catalogs-${p.name}`}
                        />
                        ) : null}
                      </Box>
                    ) : null}
                  </Box>
                );
              })}
            </AccordionDetails>
          </Accordion>
        );
      })}
      {fieldState.error ? <FormHelperText error>{translate(fieldState.error.message ?? '')}</FormHelperText> : null}
    </Box>
  );
};
