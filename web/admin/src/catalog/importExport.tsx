// Catalog import and export as jobs: "Import" uploads a CSV or JSON-lines file as the raw body
// of POST /catalog/imports (202 + Location of the job), "Export" asks POST /catalog/exports for
// a file; both then follow the job live with its progress bar and error report. Shown only when
// the server offers the routes (OpenAPI) and the user may change (import) or read (export) the
// catalog.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useState } from 'react';
import { Button as RaButton, useCanAccess, useGetList, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useHasApi } from '../core/apiCatalog';
import { api, loadTokens } from '../core/http';
import { jobIdOf, JobWatch } from '../platform/JobWatch';

const contentTypeOf = (file: File) =>
  /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/x-ndjson';

const CatalogSelect = ({ value, onChange, allowAll }: { value: string; onChange: (v: string) => void; allowAll: boolean }) => {
  const translate = useTranslate();
  const { data = [] } = useGetList('catalogs', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  return (
    <TextField select size="small" label={translate('resources.products.fields.catalogId')} value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 260 }}>
      <MenuItem value="">{translate(allowAll ? 'resources.catalogs.transfer.all_catalogs' : 'resources.catalogs.transfer.from_file')}</MenuItem>
      {data.map((c) => (
        <MenuItem key={c.id} value={String(c.id)}>
          {c.name}
        </MenuItem>
      ))}
    </TextField>
  );
};

const ImportDialog = ({ open, onClose, catalogId: initialCatalog }: { open: boolean; onClose: () => void; catalogId?: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [file, setFile] = useState<File | null>(null);
  const [catalogId, setCatalogId] = useState(initialCatalog ?? '');
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const qs = catalogId ? `?catalogId=${encodeURIComponent(catalogId)}` : '';
      const { headers, json } = await api(`/catalog/imports${qs}`, { method: 'POST', rawBody: file, headers: { 'Content-Type': contentTypeOf(file) } });
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
    setFile(null);
    setJobId(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md">
      <DialogTitle>{translate('resources.catalogs.transfer.import_title')}</DialogTitle>
      <DialogContent>
        {jobId ? (
          <JobWatch id={jobId} />
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2" color="text.secondary">
              {translate('resources.catalogs.transfer.import_help')}
            </Typography>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
                {translate('resources.catalogs.transfer.choose_file')}
                <input
                  hidden
                  type="file"
                  accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
                  data-testid="import-file"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Button>
              <Typography variant="body2" data-testid="import-file-name">
                {file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : translate('resources.catalogs.transfer.no_file')}
              </Typography>
            </Stack>
            <CatalogSelect value={catalogId} onChange={setCatalogId} allowAll={false} />
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

/** Downloads the export's file with the bearer token (the URL is an API route). */
export async function downloadWithToken(url: string, name: string) {
  const headers: Record<string, string> = {};
  const t = loadTokens();
  if (t && url.startsWith('/')) headers.Authorization = `Bearer ${t.accessToken}`;
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

const ExportDialog = ({ open, onClose, catalogId: initialCatalog }: { open: boolean; onClose: () => void; catalogId?: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [format, setFormat] = useState<'jsonl' | 'csv'>('csv');
  const [catalogId, setCatalogId] = useState(initialCatalog ?? '');
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const { headers, json } = await api('/catalog/exports', { method: 'POST', body: { format, ...(catalogId ? { catalogId } : {}) } });
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
    setJobId(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md">
      <DialogTitle>{translate('resources.catalogs.transfer.export_title')}</DialogTitle>
      <DialogContent>
        {jobId ? (
          <JobWatch id={jobId}>
            {(job) => {
              const url = job.result?.downloadUrl as string | undefined;
              if (job.status !== 'succeeded' || !url) return null;
              return (
                <Button
                  variant="contained"
                  startIcon={<DownloadIcon />}
                  onClick={() => downloadWithToken(url, `catalog-export.${format}`).catch((e) => notify(e.message, { type: 'error' }))}
                  sx={{ alignSelf: 'flex-start' }}
                >
                  {translate('resources.catalogs.transfer.download')}
                </Button>
              );
            }}
          </JobWatch>
        ) : (
          <Stack direction="row" spacing={2} sx={{ pt: 1, flexWrap: 'wrap' }}>
            <TextField select size="small" label={translate('resources.catalogs.transfer.format')} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'jsonl')} sx={{ minWidth: 180 }}>
              <MenuItem value="csv">CSV</MenuItem>
              <MenuItem value="jsonl">JSON lines</MenuItem>
            </TextField>
            <CatalogSelect value={catalogId} onChange={setCatalogId} allowAll />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{translate(jobId ? 'app.common.close' : 'app.common.cancel')}</Button>
        {jobId ? null : (
          <Button variant="contained" onClick={start} disabled={busy} startIcon={<FileDownloadIcon />}>
            {translate('resources.catalogs.transfer.start_export')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** "Import" and "Export" toolbar buttons for catalog pages (hidden without the API or permission). */
export const CatalogTransferButtons = ({ catalogId }: { catalogId?: string }) => {
  const canImportApi = useHasApi('/catalog/imports');
  const canExportApi = useHasApi('/catalog/exports');
  const { canAccess: mayImport } = useCanAccess({ resource: 'products', action: 'create' });
  const { canAccess: mayExport } = useCanAccess({ resource: 'products', action: 'export' });
  const [dialog, setDialog] = useState<'import' | 'export' | null>(null);
  return (
    <>
      {canImportApi && mayImport ? (
        <RaButton label="resources.catalogs.transfer.import" onClick={() => setDialog('import')}>
          <UploadFileIcon />
        </RaButton>
      ) : null}
      {canExportApi && mayExport ? (
        <RaButton label="resources.catalogs.transfer.export" onClick={() => setDialog('export')}>
          <FileDownloadIcon />
        </RaButton>
      ) : null}
      {dialog === 'import' ? <ImportDialog open onClose={() => setDialog(null)} catalogId={catalogId} /> : null}
      {dialog === 'export' ? <ExportDialog open onClose={() => setDialog(null)} catalogId={catalogId} /> : null}
    </>
  );
};
