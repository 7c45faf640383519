// Sign-in page: user name and password (OAuth password grant), language choice, clear messages
// for wrong credentials, lockout and an unreachable server.
import { Alert, Box, Button, Card, CardContent, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import { type FormEvent, useState } from 'react';
import { useLocaleState, useLogin, useTranslate } from 'react-admin';
import { Brand } from './Layout';

export const LoginPage = () => {
  const translate = useTranslate();
  const login = useLogin();
  const [locale, setLocale] = useLocaleState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username, password });
    } catch (err: any) {
      setError(err?.message ?? 'ra.auth.sign_in_error');
      setBusy(false);
    }
  };

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #13263f 0%, #1f3a5f 55%, #0f8b8d 140%)',
        p: 2,
      }}
    >
      <Card sx={{ width: '100%', maxWidth: 400, borderRadius: 3 }} elevation={8}>
        <CardContent sx={{ p: 4 }}>
          <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mb: 3 }}>
            <Brand dark />
            <TextField
              select
              size="small"
              variant="standard"
              sx={{ width: 120, flex: 'none' }}
              value={locale}
              onChange={(e) => setLocale(e.target.value)}
              slotProps={{ htmlInput: { 'aria-label': translate('app.language') } }}
            >
              <MenuItem value="en">English</MenuItem>
              <MenuItem value="de">Deutsch</MenuItem>
            </TextField>
          </Box>
          <Typography variant="h5" component="h1" gutterBottom>
            {translate('app.auth.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
            {translate('app.auth.subtitle')}
          </Typography>
          {error ? (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {translate(error, { _: error })}
            </Alert>
          ) : null}
          <Box component="form" onSubmit={submit} noValidate>
            <TextField
              label={translate('ra.auth.username')}
              name="username"
              autoComplete="username"
              autoFocus
              fullWidth
              margin="normal"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
            <TextField
              label={translate('ra.auth.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              fullWidth
              margin="normal"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
            <Button
              type="submit"
              variant="contained"
              fullWidth
              size="large"
              sx={{ mt: 3 }}
              disabled={busy || !username || !password}
              startIcon={busy ? <CircularProgress size={18} color="inherit" /> : null}
            >
              {translate('ra.auth.sign_in')}
            </Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
};
