// Building blocks of dashboard widgets: a KPI card showing a list's total, a panel frame, and a
// small dependency-free horizontal bar chart.
import { Box, Card, CardActionArea, CardContent, CardHeader, Skeleton, Typography } from '@mui/material';
import type { ComponentType, ReactNode } from 'react';
import { useGetList, useLocale, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { formatNumber } from '../core/components/format';

export const CountCard = ({
  resource,
  label,
  icon: Icon,
  to,
  filter = {},
  color = 'primary.main',
}: {
  resource: string;
  label: string;
  icon: ComponentType<any>;
  to?: string;
  filter?: Record<string, unknown>;
  color?: string;
}) => {
  const translate = useTranslate();
  const locale = useLocale();
  const { total, isPending, error } = useGetList(resource, { pagination: { page: 1, perPage: 1 }, filter, sort: { field: 'id', order: 'ASC' } });
  const body = (
    <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
      <Box sx={{ bgcolor: color, color: '#fff', borderRadius: 2, width: 48, height: 48, display: 'grid', placeItems: 'center', flexShrink: 0 }}>
        <Icon />
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2" color="text.secondary" noWrap>
          {translate(label)}
        </Typography>
        <Typography variant="h5" data-testid={`count-${resource}`}>
          {isPending ? <Skeleton width={60} /> : error ? '—' : formatNumber(total ?? 0, locale)}
        </Typography>
      </Box>
    </CardContent>
  );
  return (
    <Card sx={{ height: '100%' }}>
      {to ? (
        <CardActionArea component={Link} to={to} sx={{ height: '100%' }}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
};

export const Panel = ({ title, action, children, testId }: { title: string; action?: ReactNode; children: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Card sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader title={translate(title)} action={action} slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 500 } } }} sx={{ pb: 0 }} />
      <CardContent>{children}</CardContent>
    </Card>
  );
};

export const BarChart = ({ data, empty }: { data: { label: string; value: number; to?: string }[]; empty: string }) => {
  const locale = useLocale();
  if (!data.length)
    return (
      <Typography color="text.secondary" variant="body2">
        {empty}
      </Typography>
    );
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <Box component="figure" sx={{ m: 0 }} role="img" aria-label={data.map((d) => `${d.label}: ${d.value}`).join(', ')}>
      {data.map((d) => (
        <Box key={d.label} sx={{ display: 'grid', gridTemplateColumns: 'minmax(80px, 30%) 1fr auto', alignItems: 'center', gap: 1, mb: 1 }}>
          <Typography variant="body2" noWrap title={d.label}>
            {d.label}
          </Typography>
          <Box sx={{ height: 14, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
            <Box sx={{ height: '100%', width: `${(d.value / max) * 100}%`, bgcolor: 'secondary.main', borderRadius: 1, transition: 'width .4s' }} />
          </Box>
          <Typography variant="body2" sx={{ minWidth: 48, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
            {formatNumber(d.value, locale)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};
