// The search index status page: GET /search/indexes (documents, deleted, memory, last rebuild
// and update, lag, pending, rebuilding per document type) with a "Rebuild" button per type
// (POST /search/indexes/{type}/rebuild -> a job, followed live like an import). A server without
// the search API (404) gets a clear notice instead of an error.
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import SyncIcon from '@mui/icons-material/Sync';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Title, useLocale, useNotify, usePermissions, useTranslate } from 'react-admin';
import { formatDateTime, formatNumber, formatRelative } from '../core/components/format';
import { api } from '../core/http';
import { can, type Permissions } from '../core/permissions';
import { isActive, JobProgressBar } from '../platform/JobProgress';
import { jobIdOf, JobWatch, useJob } from '../platform/JobWatch';

export interface IndexStatus {
  type: string;
  documents?: number;
  deleted?: number;
  terms?: number;
  memoryBytes?: number;
  lastRebuildAt?: string | null;
  lastUpdateAt?: string | null;
  lagMillis?: number | null;
  pending?: number;
  rebuilding?: boolean;
}

export const SEARCH_READ = 'search:read';
export const SEARCH_MANAGE = 'search:manage';

export function formatBytes(n: number | undefined, locale: string): string {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${formatNumber(Math.round(v * 10) / 10, locale)} ${units[u]}`;
}

export function formatLag(ms: number | null | undefined, locale: string): string {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1000) return `${formatNumber(ms, locale)} ms`;
  return `${formatNumber(Math.round(ms / 100) / 10, locale)} s`;
}

/** The search API answers 404 when the server has no search module. */
export const isUnavailable = (e: unknown) => (e as any)?.status === 404;

/** The notice a page shows instead of its content when the server has no search API. */
export const SearchUnavailable = () => {
  const translate = useTranslate();
  return (
    <Alert severity="info" data-testid="search-unavailable">
      {translate('resources.search.unavailable')}
    </Alert>
  );
};

const RowJob = ({ id }: { id: string }) => {
  const { data: job } = useJob(id);
  return job ? <JobProgressBar job={job} dense /> : null;
};

export const SearchIndexesPage = () => {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const { permissions } = usePermissions<Permissions>();
  const mayRebuild = can(permissions, SEARCH_MANAGE);
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const [watched, setWatched] = useState<string | null>(null);
  const [starting, setStarting] = useState<string | null>(null);
  const watchedJob = useJob(watched);
  const { data, error, isPending, refetch, isFetching } = useQuery({
    queryKey: ['search-indexes'],
    queryFn: () => api<{ items: IndexStatus[]; total?: number }>('/search/indexes').then((r) => r.json),
    // While something rebuilds, the figures change every few seconds.
    refetchInterval: (q) => (q.state.data?.items?.some((i) => i.rebuilding) || (watchedJob.data && isActive(watchedJob.data)) ? 2000 : 15_000),
    retry: false,
  });
  // A finished rebuild changes the figures: read them again.
  const watchedDone = !!watchedJob.data && !isActive(watchedJob.data);
  useEffect(() => {
    if (watchedDone) refetch();
  }, [watchedDone, refetch]);
  const rebuild = async (type: string) => {
    setStarting(type);
    try {
      const { headers, json } = await api(`/search/indexes/${encodeURIComponent(type)}/rebuild`, { method: 'POST' });
      const id = jobIdOf(headers, json);
      if (id) {
        setJobs((j) => ({ ...j, [type]: id }));
        setWatched(id);
      }
      notify('resources.search.rebuild_started', { type: 'info', messageArgs: { type: typeLabel(type) } });
      refetch();
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error', messageArgs: { _: e?.message } });
    } finally {
      setStarting(null);
    }
  };
  const typeLabel = (t: string) => translate(`resources.search.types.${t}`, { _: t });
  const hideXs = { display: { xs: 'none', sm: 'table-cell' } };
  const hideSm = { display: { xs: 'none', md: 'table-cell' } };
  return (
    <Box sx={{ mt: 1 }} data-testid="search-indexes">
      <Title title={translate('resources.search.indexes_title')} />
      <Card>
        <CardContent>
          <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
              {translate('resources.search.indexes_intro')}
            </Typography>
            <Button size="small" startIcon={<RefreshIcon />} onClick={() => refetch()} disabled={isFetching}>
              {translate('app.common.refresh')}
            </Button>
          </Stack>
          {error ? (
            isUnavailable(error) ? (
              <SearchUnavailable />
            ) : (
              <Alert severity="error">{translate((error as Error).message, { _: (error as Error).message })}</Alert>
            )
          ) : isPending ? (
            <Typography color="text.secondary">{translate('app.common.loading')}</Typography>
          ) : (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.search.fields.type')}</TableCell>
                    <TableCell align="right">{translate('resources.search.fields.documents')}</TableCell>
                    <TableCell align="right" sx={hideSm}>{translate('resources.search.fields.deleted')}</TableCell>
                    <TableCell align="right" sx={hideSm}>{translate('resources.search.fields.memory')}</TableCell>
                    <TableCell sx={hideSm}>{translate('resources.search.fields.lastRebuildAt')}</TableCell>
                    <TableCell sx={hideXs}>{translate('resources.search.fields.lastUpdateAt')}</TableCell>
                    <TableCell align="right" sx={hideSm}>{translate('resources.search.fields.lag')}</TableCell>
                    <TableCell align="right" sx={hideXs}>{translate('resources.search.fields.pending')}</TableCell>
                    <TableCell>{translate('resources.search.fields.status')}</TableCell>
                    {mayRebuild ? <TableCell /> : null}
                  </TableRow>
                </TableHead>
                <TableBody sx={{ '& td': { whiteSpace: 'nowrap' } }}>
                  {(data?.items ?? []).map((i) => (
                    <TableRow key={i.type} data-testid={`index-row-${i.type}`}>
                      <TableCell sx={{ fontWeight: 500 }}>{typeLabel(i.type)}</TableCell>
                      <TableCell align="right" data-testid="documents">{formatNumber(i.documents ?? 0, locale)}</TableCell>
                      <TableCell align="right" sx={hideSm}>{formatNumber(i.deleted ?? 0, locale)}</TableCell>
                      <TableCell align="right" sx={hideSm}>{formatBytes(i.memoryBytes, locale)}</TableCell>
                      <TableCell sx={hideSm} title={formatDateTime(i.lastRebuildAt, locale)}>{i.lastRebuildAt ? formatRelative(i.lastRebuildAt, locale) : translate('resources.search.never')}</TableCell>
                      <TableCell sx={hideXs} title={formatDateTime(i.lastUpdateAt, locale)}>{i.lastUpdateAt ? formatRelative(i.lastUpdateAt, locale) : '—'}</TableCell>
                      <TableCell align="right" sx={hideSm}>{formatLag(i.lagMillis, locale)}</TableCell>
                      <TableCell align="right" sx={hideXs}>{formatNumber(i.pending ?? 0, locale)}</TableCell>
                      <TableCell>
                        <Stack spacing={0.5}>
                          {i.rebuilding ? (
                            <Chip size="small" color="info" label={translate('resources.search.rebuilding')} data-testid="rebuilding" />
                          ) : (
                            <Chip size="small" color="success" variant="outlined" label={translate('resources.search.ready')} />
                          )}
                          {jobs[i.type] ? <RowJob id={jobs[i.type]} /> : null}
                        </Stack>
                      </TableCell>
                      {mayRebuild ? (
                        <TableCell align="right">
                          <Button
                            size="small"
                            variant="outlined"
                            startIcon={<SyncIcon />}
                            disabled={!!i.rebuilding || starting === i.type}
                            onClick={() => rebuild(i.type)}
                            aria-label={translate('resources.search.rebuild_type', { type: typeLabel(i.type) })}
                          >
                            {translate('resources.search.rebuild')}
                          </Button>
                        </TableCell>
                      ) : null}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </CardContent>
      </Card>
      {watched ? (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <JobWatch id={watched} />
          </CardContent>
        </Card>
      ) : null}
    </Box>
  );
};
