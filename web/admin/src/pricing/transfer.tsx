// Price CSV import and export of one price list, as jobs: "Import prices" uploads a CSV
// (`sku,list,sale,minQuantity,startDate,endDate`) as the raw body of
// POST /price-lists/{id}/imports, "Export prices" starts POST /price-lists/{id}/exports; both then
// follow the job live (JobWatch: progress bar, result, per-row error report). The export's
// result names the file's `url`.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useState } from 'react';
import { Button as RaButton, useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useHasApi } from '../core/apiCatalog';
import { api } from '../core/http';
import { downloadWithToken } from '../catalog/importExport';
import { jobIdOf, JobWatch } from '../platform/JobWatch';

const ImportDialog = ({ listId, onClose }: { listId: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const { headers, json } = await api(`/price-lists/${encodeURIComponent(listId)}/imports`, { method: 'POST', rawBody: file, headers: { 'Content-Type': 'text/csv' } });
      const id = jobIdOf(headers, json);
      if (!id) throw new Error('resources.catalogs.transfer.no_job');
      setJobId(id);
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error', messageArgs: { _: e?.message } });
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    if (jobId) refresh();
    onClose();
  };
  return (
    <Dialog open onClose={close} fullWidth maxWidth="md">
      <DialogTitle>{translate('resources.price-lists.transfer.import_title')}</DialogTitle>
      <DialogContent>
        {jobId ? (
          <JobWatch id={jobId} />
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2" color="text.secondary">
              {translate('resources.price-lists.transfer.import_help')}
            </Typography>
            <Typography variant="body2" component="pre" sx={{ fontFamily: 'monospace', bgcolor: 'action.hover', p: 1, borderRadius: 1, m: 0, overflowX: 'auto' }}>
              {'sku,list,sale,minQuantity,startDate,endDate\nABC-1,19.99,,1,,\nABC-1,17.50,,10,2026-12-01T00:00:00Z,'}
            </Typography>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
                {translate('resources.catalogs.transfer.choose_file')}
                <input hidden type="file" accept=".csv,text/csv" data-testid="price-import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              </Button>
              <Typography variant="body2" data-testid="price-import-file-name">
                {file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : translate('resources.catalogs.transfer.no_file')}
              </Typography>
            </Stack>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{translate(jobId ? 'app.common.close' : 'app.common.cancel')}</Button>
        {jobId ? null : (
          <Button variant="contained" onClick={upload} disabled={!file || busy} startIcon={<UploadFileIcon />}>
            {translate('resources.catalogs.transfer.start_import')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};

const ExportDialog = ({ listId, listName, onClose }: { listId: string; listName: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const { headers, json } = await api(`/price-lists/${encodeURIComponent(listId)}/exports`, { method: 'POST' });
      const id = jobIdOf(headers, json);
      if (!id) throw new Error('resources.catalogs.transfer.no_job');
      setJobId(id);
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error', messageArgs: { _: e?.message } });
    } finally {
      setBusy(false);
    }
  };
  const fileName = `prices-${listName.replace(/[^\w.-]+/g, '-').toLowerCase() || listId}.csv`;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{translate('resources.price-lists.transfer.export_title')}</DialogTitle>
      <DialogContent>
        {jobId ? (
          <JobWatch id={jobId}>
            {(job) => {
              const url = (job.result?.url ?? job.result?.downloadUrl) as string | undefined;
              if (job.status !== 'succeeded' || !url) return null;
              return (
                <Button
                  variant="contained"
                  startIcon={<DownloadIcon />}
                  onClick={() => downloadWithToken(url, fileName).catch((e) => notify(e.message, { type: 'error' }))}
                  sx={{ alignSelf: 'flex-start' }}
                >
                  {translate('resources.catalogs.transfer.download')}
                </Button>
              );
            }}
          </JobWatch>
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ pt: 1 }}>
            {translate('resources.price-lists.transfer.export_help', { name: listName })}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate(jobId ? 'app.common.close' : 'app.common.cancel')}</Button>
        {jobId ? null : (
          <Button variant="contained" onClick={start} disabled={busy} startIcon={<FileDownloadIcon />}>
            {translate('resources.catalogs.transfer.start_export')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** "Import prices" / "Export prices" for the price list in context. */
export const PriceTransferButtons = () => {
  const record = useRecordContext();
  const hasImport = useHasApi('/price-lists/{id}/imports');
  const hasExport = useHasApi('/price-lists/{id}/exports');
  const { canAccess: mayImport } = useCanAccess({ resource: 'price-lists', action: 'edit' });
  const { canAccess: mayExport } = useCanAccess({ resource: 'price-lists', action: 'export' });
  const [dialog, setDialog] = useState<'import' | 'export' | null>(null);
  if (!record) return null;
  const id = String(record.id);
  return (
    <>
      {hasImport && mayImport ? (
        <RaButton label="resources.price-lists.transfer.import" onClick={() => setDialog('import')}>
          <UploadFileIcon />
        </RaButton>
      ) : null}
      {hasExport && mayExport ? (
        <RaButton label="resources.price-lists.transfer.export" onClick={() => setDialog('export')}>
          <FileDownloadIcon />
        </RaButton>
      ) : null}
      {dialog === 'import' ? <ImportDialog listId={id} onClose={() => setDialog(null)} /> : null}
      {dialog === 'export' ? <ExportDialog listId={id} listName={String(record.name ?? '')} onClose={() => setDialog(null)} /> : null}
    </>
  );
};
