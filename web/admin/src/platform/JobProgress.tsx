// A job's status chip and progress bar.
import { Box, Chip, LinearProgress, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface Job {
  id: string;
  type: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress?: { done: number; total: number };
  errors?: { message: string; ref?: string }[];
  errorCount?: number;
  result?: Record<string, unknown>;
  params?: Record<string, unknown>;
  cancelRequested?: boolean;
  createdAt?: string;
  createdBy?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export const isActive = (j?: Pick<Job, 'status'> | null) => j?.status === 'queued' || j?.status === 'running';

const statusColor: Record<string, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  queued: 'default',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export const JobStatusChip = ({ job }: { job?: Job | null }) => {
  const translate = useTranslate();
  if (!job) return null;
  return (
    <Chip
      size="small"
      color={statusColor[job.status] ?? 'default'}
      variant={job.status === 'running' ? 'filled' : 'outlined'}
      label={translate(`resources.jobs.status.${job.status}`, { _: job.status })}
      data-testid="job-status"
      data-status={job.status}
    />
  );
};

export const JobProgressBar = ({ job, dense = false }: { job?: Job | null; dense?: boolean }) => {
  if (!job) return null;
  const done = job.progress?.done ?? 0;
  const total = job.progress?.total ?? 0;
  const finished = !isActive(job);
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : finished ? 100 : 0;
  const indeterminate = job.status === 'running' && total === 0;
  const color = job.status === 'failed' ? 'error' : job.status === 'cancelled' ? 'warning' : job.status === 'succeeded' ? 'success' : 'primary';
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: dense ? 120 : 240 }}>
      <Box sx={{ flex: 1 }}>
        <LinearProgress
          variant={indeterminate ? 'indeterminate' : 'determinate'}
          value={pct}
          color={color}
          sx={{ height: dense ? 6 : 10, borderRadius: 5 }}
          aria-label="progress"
          data-testid="job-progress"
        />
      </Box>
      <Typography variant="caption" color="text.secondary" sx={{ minWidth: dense ? 36 : 90, textAlign: 'right' }}>
        {dense ? `${Math.round(pct)}%` : total > 0 ? `${done.toLocaleString()} / ${total.toLocaleString()}` : `${Math.round(pct)}%`}
      </Typography>
    </Box>
  );
};
