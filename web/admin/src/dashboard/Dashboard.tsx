// The dashboard: a greeting, then the widgets every module contributes, filtered by permission
// and by the APIs the server offers, in a responsive grid.
import { Box, Grid, Typography } from '@mui/material';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import { modules } from '../modules';
import { hasApi, useApiPaths } from '../core/apiCatalog';
import { can, type Permissions } from '../core/permissions';

export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions, isPending } = usePermissions<Permissions>();
  const { data: paths } = useApiPaths();
  const widgets = isPending
    ? []
    : modules
        .flatMap((m) => (m.widgets ?? []).map((w) => ({ ...w, apiPath: w.apiPath ?? m.apiPrefix })))
        .filter((w) => can(permissions, w.permission) && hasApi(paths, w.apiPath))
        .sort((a, b) => a.order - b.order);
  return (
    <Box sx={{ py: 2 }} data-testid="dashboard">
      <Title title={translate('app.dashboard.title')} />
      <Box sx={{ mb: 3 }}>
        <Typography variant="h5" component="h1">
          {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
        </Typography>
        <Typography color="text.secondary">{translate('app.dashboard.subtitle')}</Typography>
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fit, minmax(190px, 1fr))', mb: 2 }}>
        {widgets
          .filter((w) => w.width === 4)
          .map((w) => (
            <w.component key={w.id} />
          ))}
      </Box>
      <Grid container spacing={2}>
        {widgets
          .filter((w) => w.width !== 4)
          .map((w) => (
            <Grid key={w.id} size={{ xs: 12, md: w.width }}>
              <w.component />
            </Grid>
          ))}
      </Grid>
    </Box>
  );
};
