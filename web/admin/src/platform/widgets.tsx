// Dashboard widgets of the platform module: recent changes, recent jobs, running jobs.
import { Box, Button, List as MuiList, ListItem, ListItemButton, ListItemText, Typography } from '@mui/material';
import SyncIcon from '@mui/icons-material/Sync';
import { useGetList, useLocale, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { type Change, changeWhat, changeWhen, changeWho, entityLabel, operationLabel } from '../core/components/HistoryPanel';
import { formatRelative } from '../core/components/format';
import { CountCard, Panel } from '../dashboard/widgets';
import { type Job, JobProgressBar, JobStatusChip } from './JobProgress';

export const RecentChangesWidget = () => {
  const translate = useTranslate();
  const locale = useLocale();
  const { data = [], isPending } = useGetList<Change & { id: any }>('changes', {
    pagination: { page: 1, perPage: 8 },
    sort: { field: 'id', order: 'DESC' },
  });
  return (
    <Panel
      title="app.dashboard.recent_changes"
      testId="recent-changes"
      action={
        <Button size="small" component={Link} to="/changes">
          {translate('app.dashboard.view_all')}
        </Button>
      }
    >
      {!isPending && !data.length ? (
        <Typography color="text.secondary" variant="body2">
          {translate('app.dashboard.no_changes')}
        </Typography>
      ) : (
        <MuiList dense disablePadding>
          {data.map((c, i) => (
            <ListItem key={c.id ?? i} disableGutters divider={i < data.length - 1}>
              <ListItemText
                primary={
                  <>
                    <Box component="span" sx={{ fontWeight: 500 }}>
                      {entityLabel(translate, c.entityType)}
                    </Box>{' '}
                    {operationLabel(translate, changeWhat(c))}
                  </>
                }
                secondary={`${changeWho(c)} · ${formatRelative(changeWhen(c), locale)}`}
                slotProps={{ primary: { noWrap: true }, secondary: { noWrap: true } }}
              />
            </ListItem>
          ))}
        </MuiList>
      )}
    </Panel>
  );
};

export const RecentJobsWidget = () => {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<Job>(
    'jobs',
    { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'DESC' } },
    { refetchInterval: (q: any) => ((q.state.data?.data ?? []).some((j: Job) => j.status === 'running' || j.status === 'queued') ? 2000 : 15000) },
  );
  return (
    <Panel
      title="app.dashboard.recent_jobs"
      testId="recent-jobs"
      action={
        <Button size="small" component={Link} to="/jobs">
          {translate('app.dashboard.view_all')}
        </Button>
      }
    >
      {!isPending && !data.length ? (
        <Typography color="text.secondary" variant="body2">
          {translate('app.dashboard.no_jobs')}
        </Typography>
      ) : (
        <MuiList dense disablePadding>
          {data.map((j) => (
            <ListItemButton key={j.id} component={Link} to={`/jobs/${encodeURIComponent(j.id)}/show`} disableGutters sx={{ gap: 1, flexWrap: 'wrap' }}>
              <ListItemText
                primary={translate(`resources.jobs.types.${j.type.replace(/\./g, '_')}`, { _: j.type })}
                sx={{ flex: '1 1 140px' }}
              />
              <JobStatusChip job={j} />
              <Box sx={{ flex: '1 1 160px' }}>
                <JobProgressBar job={j} dense />
              </Box>
            </ListItemButton>
          ))}
        </MuiList>
      )}
    </Panel>
  );
};

export const RunningJobsCard = () => (
  <CountCard resource="jobs" label="app.dashboard.jobs_running" icon={SyncIcon} to="/jobs" filter={{ status: 'running' }} color="secondary.main" />
);
