// The change history of one record (GET /api/v1/changes?entityType=&entityId=), newest first:
// who changed what and when, with the changed fields' old and new values.
import { Box, Chip, Collapse, IconButton, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useRecordContext, useTranslate } from 'react-admin';
import { api } from '../http';
import { resourceForEntityType } from '../resources';
import { formatDateTime } from './format';

export interface Change {
  id?: string;
  seq?: number;
  at?: string;
  actor?: string;
  requestId?: string;
  detail?: any;
  entityType?: string;
  entityId?: string;
  operation?: string;
  action?: string;
  eventType?: string;
  type?: string;
  changedAt?: string;
  occurredAt?: string;
  createdAt?: string;
  timestamp?: string;
  changedBy?: string;
  userName?: string;
  userId?: string;
  createdBy?: string;
  summary?: string;
  changes?: any;
  fields?: any;
  diff?: any;
}

export const changeWhen = (c: Change) => c.at ?? c.changedAt ?? c.occurredAt ?? c.timestamp ?? c.createdAt;
export const changeWho = (c: Change) => c.actor ?? c.changedBy ?? c.userName ?? c.createdBy ?? c.userId ?? '—';
/** "Product", "Category", ... for an entity type; the raw type for kinds without a page. */
export function entityLabel(translate: (k: string, o?: any) => string, entityType?: string): string {
  if (!entityType) return '';
  const resource = resourceForEntityType(entityType);
  return resource ? translate(`resources.${resource}.name`, { smart_count: 1 }) : translate(`app.history.entities.${entityType.replace(/[.-]/g, '_')}`, { _: entityType });
}

export function operationLabel(translate: (k: string, o?: any) => string, op: string): string {
  return translate(`app.history.ops.${op.replace(/-/g, '_')}`, { _: op });
}

export const changeWhat = (c: Change) => {
  const raw = c.operation ?? c.action ?? c.eventType ?? c.type ?? '';
  const last = raw.split('.').pop() ?? raw;
  return last.toLowerCase();
};

function safeParse(s: string): any {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

interface FieldChange {
  field: string;
  oldValue?: unknown;
  newValue?: unknown;
}

function fieldChanges(c: Change): FieldChange[] {
  const detail = typeof c.detail === 'string' ? safeParse(c.detail) : c.detail;
  const src = detail?.changes ?? c.changes ?? c.fields ?? c.diff;
  if (!src) return [];
  if (Array.isArray(src)) {
    return src.map((x: any) =>
      typeof x === 'string'
        ? { field: x }
        : { field: x.field ?? x.name ?? x.path ?? '?', oldValue: x.oldValue ?? x.old ?? x.from, newValue: x.newValue ?? x.new ?? x.to ?? x.value },
    );
  }
  if (typeof src === 'object') {
    return Object.entries(src).map(([field, v]: [string, any]) =>
      v && typeof v === 'object' && ('old' in v || 'new' in v || 'oldValue' in v || 'newValue' in v)
        ? { field, oldValue: v.old ?? v.oldValue, newValue: v.new ?? v.newValue }
        : { field, newValue: v },
    );
  }
  return [];
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

const actionColor = (a: string): 'success' | 'info' | 'error' | 'default' =>
  a.includes('creat') ? 'success' : a.includes('delet') ? 'error' : a.includes('updat') ? 'info' : 'default';

const ChangeRow = ({ change }: { change: Change }) => {
  const [open, setOpen] = useState(false);
  const locale = useLocale();
  const translate = useTranslate();
  const fields = fieldChanges(change);
  const what = changeWhat(change);
  return (
    <>
      <TableRow hover>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(changeWhen(change), locale)}</TableCell>
        <TableCell>{changeWho(change)}</TableCell>
        <TableCell>
          <Chip size="small" label={what ? operationLabel(translate, what) : '—'} color={actionColor(what)} variant="outlined" />
        </TableCell>
        <TableCell sx={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {change.summary ?? fields.map((f) => f.field).join(', ')}
        </TableCell>
        <TableCell padding="checkbox">
          {fields.length ? (
            <IconButton size="small" onClick={() => setOpen(!open)} aria-label={translate('app.history.changes')}>
              <ExpandMoreIcon sx={{ transform: open ? 'rotate(180deg)' : 'none', transition: '.2s' }} />
            </IconButton>
          ) : null}
        </TableCell>
      </TableRow>
      {fields.length ? (
        <TableRow>
          <TableCell colSpan={5} sx={{ p: 0, border: open ? undefined : 0 }}>
            <Collapse in={open} unmountOnExit>
              <Table size="small" sx={{ bgcolor: 'action.hover' }}>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('app.history.field')}</TableCell>
                    <TableCell>{translate('app.history.old')}</TableCell>
                    <TableCell>{translate('app.history.new')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {fields.map((f) => (
                    <TableRow key={f.field}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{f.field}</TableCell>
                      <TableCell sx={{ wordBreak: 'break-all' }}>{show(f.oldValue)}</TableCell>
                      <TableCell sx={{ wordBreak: 'break-all' }}>{show(f.newValue)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Collapse>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
};

export const HistoryPanel = ({ entityType, entityId }: { entityType: string; entityId?: string }) => {
  const record = useRecordContext();
  const id = entityId ?? (record?.id as string | undefined);
  const translate = useTranslate();
  const { data, isPending, error } = useQuery({
    queryKey: ['changes', entityType, id],
    enabled: !!id,
    queryFn: () =>
      api<{ items: Change[]; total: number }>(
        `/changes?entityType=${encodeURIComponent(entityType)}&entityId=${encodeURIComponent(String(id))}&limit=50`,
      ).then((r) => r.json),
  });
  if (!id) return null;
  return (
    <Box data-testid="history-panel">
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('app.history.title')}
      </Typography>
      {error ? (
        <Typography color="text.secondary">{translate((error as Error).message, { _: (error as Error).message })}</Typography>
      ) : isPending ? (
        <Typography color="text.secondary">{translate('app.common.loading')}</Typography>
      ) : !data?.items?.length ? (
        <Typography color="text.secondary">{translate('app.history.empty')}</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.history.when')}</TableCell>
                <TableCell>{translate('app.history.who')}</TableCell>
                <TableCell>{translate('app.history.what')}</TableCell>
                <TableCell>{translate('app.history.changes')}</TableCell>
                <TableCell padding="checkbox" />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.items.map((c, i) => (
                <ChangeRow key={c.id ?? c.seq ?? i} change={c} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};
