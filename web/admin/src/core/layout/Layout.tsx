// Application frame: app bar with brand, language switcher and user menu; the module menu.
import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, TitlePortal } from 'react-admin';
import { LanguageSwitcher } from './LanguageSwitcher';
import { AppMenu } from './Menu';

export const Brand = ({ dark = false }: { dark?: boolean }) => (
  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
    <Box
      component="img"
      src="/favicon.svg"
      alt=""
      sx={{ width: 28, height: 28, borderRadius: '6px', border: dark ? 'none' : '1px solid rgba(255,255,255,.4)' }}
    />
    <Typography variant="h6" sx={{ fontWeight: 600, letterSpacing: '.02em', color: dark ? 'primary.main' : 'inherit' }}>
      emporion
    </Typography>
  </Box>
);

const AppAppBar = () => (
  <AppBar
    toolbar={
      <>
        <LanguageSwitcher />
        <LoadingIndicator />
      </>
    }
  >
    <Box sx={{ display: { xs: 'none', sm: 'flex' }, mr: 3 }}>
      <Brand />
    </Box>
    <TitlePortal variant="h6" sx={{ fontSize: { xs: 16, sm: 18 } }} />
  </AppBar>
);

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={AppAppBar} menu={AppMenu}>
    {children}
  </Layout>
);
