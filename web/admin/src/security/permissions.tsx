// The permissions every module declares (read-only), with their localized display names.
import { Box, Card, Chip, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { usePermissionCatalog } from './PermissionPicker';

export const PermissionList = () => {
  const translate = useTranslate();
  const { data = [], isPending } = usePermissionCatalog();
  const [q, setQ] = useState('');
  const rows = data.filter(
    (p) => !q || p.name.toLowerCase().includes(q.toLowerCase()) || (p.displayName ?? '').toLowerCase().includes(q.toLowerCase()),
  );
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('resources.permissions.name', { smart_count: 2 })} />
      <Box sx={{ mb: 1 }}>
        <TextField size="small" label={translate('ra.action.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      </Box>
      <Card sx={{ overflowX: 'auto' }}>
        {isPending ? (
          <Typography sx={{ p: 2 }}>{translate('app.common.loading')}</Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.permissions.fields.name')}</TableCell>
                <TableCell>{translate('resources.permissions.fields.displayName')}</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate('resources.permissions.fields.module')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.name} hover>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{p.name}</TableCell>
                  <TableCell>{p.displayName ?? ''}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    <Chip size="small" variant="outlined" label={p.module ?? p.name.split(':')[0]} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </Box>
  );
};
