// A compact line of audit data for a record: version, created and last changed (when, who).
import { Box, Typography } from '@mui/material';
import { useLocale, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from './format';

export const RecordMeta = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const locale = useLocale();
  if (!record) return null;
  const parts: string[] = [];
  if (record.createdAt)
    parts.push(translate('app.meta.created', { date: formatDateTime(record.createdAt, locale), user: record.createdBy ?? '—' }));
  if (record.modifiedAt)
    parts.push(translate('app.meta.modified', { date: formatDateTime(record.modifiedAt, locale), user: record.modifiedBy ?? '—' }));
  if (record.version !== undefined) parts.push(translate('app.meta.version', { version: record.version }));
  return (
    <Box sx={{ px: 2, py: 1 }}>
      <Typography variant="caption" color="text.secondary">
        {parts.join(' · ')}
      </Typography>
    </Box>
  );
};
