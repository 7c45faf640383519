// Follows one job live (polls GET /jobs/{id} every second while it runs): status, progress bar,
// result and the per-row error report. Used by the import and export dialogs.
import { Alert, Box, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { api } from '../core/http';
import { isActive, type Job, JobProgressBar, JobStatusChip } from './JobProgress';

export function useJob(id: string | null | undefined) {
  return useQuery({
    queryKey: ['job', id],
    enabled: !!id,
    queryFn: () => api<Job>(`/jobs/${encodeURIComponent(String(id))}`).then((r) => r.json),
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data) ? false : 1000),
  });
}

/** The job id of a 202 answer: its Location header (/api/v1/jobs/{id}) or the body's id. */
export function jobIdOf(headers: Headers, json: any): string | undefined {
  const loc = headers.get('Location');
  if (loc) {
    const m = /\/jobs\/([^/?#]+)/.exec(loc);
    if (m) return decodeURIComponent(m[1]);
  }
  return json?.id ?? json?.jobId;
}

export const JobWatch = ({ id, children }: { id: string; children?: (job: Job) => React.ReactNode }) => {
  const translate = useTranslate();
  const { data: job, error } = useJob(id);
  if (error) return <Alert severity="error">{translate((error as Error).message, { _: (error as Error).message })}</Alert>;
  if (!job) return <Typography color="text.secondary">{translate('app.common.loading')}</Typography>;
  const errors = job.errors ?? [];
  const result = job.result && Object.keys(job.result).length ? job.result : null;
  return (
    <Stack spacing={2} data-testid="job-watch">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1">{translate(`resources.jobs.types.${job.type.replace(/\./g, '_')}`, { _: job.type })}</Typography>
        <JobStatusChip job={job} />
        <Box sx={{ flex: 1 }} />
        <MuiLink component={Link} to={`/jobs/${encodeURIComponent(job.id)}/show`} variant="body2">
          {translate('resources.jobs.open_job')}
        </MuiLink>
      </Stack>
      <JobProgressBar job={job} />
      {result ? (
        <Table size="small">
          <TableBody>
            {Object.entries(result)
              .filter(([k]) => k !== 'downloadUrl' && k !== 'url')
              .map(([k, v]) => (
                <TableRow key={k}>
                  <TableCell sx={{ fontWeight: 500, width: 200 }}>{translate(`resources.jobs.result_fields.${k}`, { _: k })}</TableCell>
                  <TableCell>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      ) : null}
      {children ? children(job) : null}
      {isActive(job) ? null : errors.length === 0 ? (
        <Alert severity={job.status === 'failed' ? 'error' : 'success'} variant="outlined">
          {job.status === 'failed' ? translate('resources.jobs.failed_no_details') : translate('resources.jobs.no_errors')}
        </Alert>
      ) : null}
      {errors.length ? (
        <Box>
          <Typography variant="subtitle2" gutterBottom>
            {translate('resources.jobs.error_report')} ({job.errorCount ?? errors.length})
          </Typography>
          <Box sx={{ maxHeight: 280, overflow: 'auto' }}>
            <Table size="small" stickyHeader data-testid="job-errors">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 160 }}>{translate('resources.jobs.fields.ref')}</TableCell>
                  <TableCell>{translate('resources.jobs.fields.message')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {errors.map((e, i) => (
                  <TableRow key={i}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{e.ref}</TableCell>
                    <TableCell>{e.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </Box>
      ) : null}
    </Stack>
  );
};
