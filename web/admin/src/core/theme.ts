// The back office's look: a calm navy/teal palette on a light grey canvas, dense tables, and
// Roboto bundled with the app (no font CDN).
import { defaultTheme, type RaThemeOptions } from 'react-admin';

const navy = '#1f3a5f';

export const lightTheme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    mode: 'light',
    primary: { main: navy, light: '#3d5f8c', dark: '#13263f', contrastText: '#fff' },
    secondary: { main: '#0f8b8d', contrastText: '#fff' },
    background: { default: '#f4f6f9', paper: '#ffffff' },
    success: { main: '#2e7d32' },
    warning: { main: '#ed6c02' },
    error: { main: '#c62828' },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: 'Roboto, "Helvetica Neue", Arial, sans-serif',
    h5: { fontWeight: 500 },
    h6: { fontWeight: 500 },
  },
  sidebar: { width: 232, closedWidth: 56 },
  components: {
    ...defaultTheme.components,
    MuiAppBar: {
      styleOverrides: { root: { backgroundColor: navy, boxShadow: 'none' } },
    },
    MuiPaper: {
      styleOverrides: { elevation1: { boxShadow: '0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.10)' } },
    },
    MuiTableCell: {
      styleOverrides: { head: { fontWeight: 600, color: '#475467', backgroundColor: '#f9fafb' } },
    },
    MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none' } } },
    MuiTab: { styleOverrides: { root: { textTransform: 'none', fontWeight: 500 } } },
    RaMenuItemLink: {
      styleOverrides: {
        root: {
          borderLeft: '3px solid transparent',
          '&.RaMenuItemLink-active': { borderLeft: `3px solid ${navy}`, backgroundColor: 'rgba(31,58,95,.08)', fontWeight: 500 },
        },
      },
    },
  } as any,
};
