// Error handling for saves: a 412 (someone else saved first) gets a persistent message with a
// Reload button; a 403 says the permission is missing; validation errors are shown by react-admin
// on the fields the API named (HttpError body.errors), with the API's summary as notification.
import { Alert, Button } from '@mui/material';
import { useNotify, useRefresh, useTranslate } from 'react-admin';

export function useSaveErrorHandler() {
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  return (error: any) => {
    if (error?.status === 412) {
      notify(
        <Alert
          severity="warning"
          variant="filled"
          data-testid="conflict-alert"
          action={
            <Button color="inherit" size="small" onClick={() => refresh()}>
              {translate('app.error.reload')}
            </Button>
          }
        >
          {translate('app.error.changed_elsewhere')}
        </Alert>,
        { autoHideDuration: null },
      );
      return;
    }
    const msg = typeof error === 'string' ? error : error?.message || 'ra.notification.http_error';
    notify(msg, { type: error?.status === 403 ? 'warning' : 'error', messageArgs: { _: msg } });
  };
}
