// Jobs: the list refreshes while jobs run; the detail page polls a running job every second
// and shows its progress, result and error report (downloadable as CSV), with cancel.
import { Alert, Box, Button, CardContent, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import CancelIcon from '@mui/icons-material/Cancel';
import DownloadIcon from '@mui/icons-material/Download';
import {
  DataTable,
  DateField,
  List,
  SelectInput,
  Show,
  TextInput,
  TopToolbar,
  useLocale,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatDateTime } from '../core/components/format';
import { api } from '../core/http';
import { can, type Permissions } from '../core/permissions';
import { isActive, type Job, JobProgressBar, JobStatusChip } from './JobProgress';

const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => ({
  id: s,
  name: `resources.jobs.status.${s}`,
}));

const jobFilters = [
  <SelectInput key="status" source="status" choices={statuses} alwaysOn />,
  <TextInput key="type" source="type" />,
];

const Row = {
  Status: () => <JobStatusChip job={useRecordContext<Job>()} />,
  Progress: () => <JobProgressBar job={useRecordContext<Job>()} dense />,
  Type: () => {
    const r = useRecordContext<Job>();
    const translate = useTranslate();
    return <span>{r ? translate(`resources.jobs.types.${r.type.replace(/\./g, '_')}`, { _: r.type }) : null}</span>;
  },
};

export const JobList = () => (
  <List
    filters={jobFilters}
    sort={{ field: 'id', order: 'DESC' }}
    perPage={25}
    queryOptions={{
      refetchInterval: (query: any) => ((query.state.data?.data ?? []).some(isActive) ? 1000 : 5000),
    }}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="type" disableSort>
        <Row.Type />
      </DataTable.Col>
      <DataTable.Col source="status" disableSort>
        <Row.Status />
      </DataTable.Col>
      <DataTable.Col source="progress" disableSort>
        <Row.Progress />
      </DataTable.Col>
      <DataTable.Col source="errorCount" disableSort sx={{ display: { xs: 'none', sm: 'table-cell' } }} />
      <DataTable.Col source="createdAt" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
        <DateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col source="createdBy" disableSort sx={{ display: { xs: 'none', lg: 'table-cell' } }} />
    </DataTable>
  </List>
);

function errorsCsv(job: Job): string {
  const q = (s: string) => `"${(s ?? '').replace(/"/g, '""')}"`;
  return ['ref,message', ...(job.errors ?? []).map((e) => `${q(e.ref ?? '')},${q(e.message)}`)].join('\n');
}

const JobActions = () => {
  const job = useRecordContext<Job>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions<Permissions>();
  if (!job) return <TopToolbar />;
  const cancel = async () => {
    try {
      await api(`/jobs/${encodeURIComponent(job.id)}/cancel`, { method: 'POST' });
      notify('resources.jobs.cancel_requested', { type: 'info' });
      refresh();
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error' });
    }
  };
  const download = () => {
    const blob = new Blob([errorsCsv(job)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `job-${job.id}-errors.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <TopToolbar>
      {(job.errors?.length ?? 0) > 0 ? (
        <Button startIcon={<DownloadIcon />} onClick={download}>
          {translate('resources.jobs.download_errors')}
        </Button>
      ) : null}
      {isActive(job) && can(permissions, 'jobs:manage') ? (
        <Button color="warning" startIcon={<CancelIcon />} onClick={cancel} disabled={job.cancelRequested}>
          {translate('resources.jobs.cancel')}
        </Button>
      ) : null}
    </TopToolbar>
  );
};

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="body2" component="div">
      {children || '—'}
    </Typography>
  </Box>
);

const JobDetail = () => {
  const job = useRecordContext<Job>();
  const translate = useTranslate();
  const locale = useLocale();
  if (!job) return null;
  const result = job.result && Object.keys(job.result).length ? job.result : null;
  return (
    <CardContent>
      <Stack spacing={3}>
        <Box>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h6">{translate(`resources.jobs.types.${job.type.replace(/\./g, '_')}`, { _: job.type })}</Typography>
            <JobStatusChip job={job} />
          </Stack>
          <JobProgressBar job={job} />
        </Box>
        <Grid container spacing={2}>
          <Grid size={{ xs: 6, md: 3 }}>
            <Fact label={translate('resources.jobs.fields.createdAt')}>{formatDateTime(job.createdAt, locale)}</Fact>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Fact label={translate('resources.jobs.fields.startedAt')}>{formatDateTime(job.startedAt, locale)}</Fact>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Fact label={translate('resources.jobs.fields.finishedAt')}>{formatDateTime(job.finishedAt, locale)}</Fact>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Fact label={translate('resources.jobs.fields.createdBy')}>{job.createdBy}</Fact>
          </Grid>
        </Grid>
        {result ? (
          <Box>
            <Typography variant="subtitle1" gutterBottom>
              {translate('resources.jobs.fields.result')}
            </Typography>
            <Table size="small" sx={{ maxWidth: 640 }}>
              <TableBody>
                {Object.entries(result).map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell sx={{ fontWeight: 500 }}>{k}</TableCell>
                    <TableCell>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : null}
        <Box>
          <Typography variant="subtitle1" gutterBottom>
            {translate('resources.jobs.error_report')}{' '}
            <Typography component="span" color="text.secondary">
              ({job.errorCount ?? job.errors?.length ?? 0})
            </Typography>
          </Typography>
          {(job.errors?.length ?? 0) === 0 ? (
            <Alert severity={job.status === 'failed' ? 'error' : 'success'} variant="outlined">
              {job.status === 'failed' ? translate('resources.jobs.failed_no_details') : translate('resources.jobs.no_errors')}
            </Alert>
          ) : (
            <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
              <Table size="small" stickyHeader data-testid="job-errors">
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ width: 200 }}>{translate('resources.jobs.fields.ref')}</TableCell>
                    <TableCell>{translate('resources.jobs.fields.message')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {job.errors!.map((e, i) => (
                    <TableRow key={i}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{e.ref}</TableCell>
                      <TableCell>{e.message}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </Box>
      </Stack>
    </CardContent>
  );
};

export const JobShow = () => (
  <Show
    actions={<JobActions />}
    queryOptions={{ refetchInterval: (query: any) => (isActive(query.state.data) ? 1000 : false) }}
  >
    <JobDetail />
  </Show>
);
