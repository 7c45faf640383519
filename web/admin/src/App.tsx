// The back office application: react-admin wired to the emporion API, with the modules' pages.
import { QueryClient } from '@tanstack/react-query';
import { Admin } from 'react-admin';
import { BrowserRouter } from 'react-router-dom';
import { authProvider } from './core/authProvider';
import { dataProvider } from './core/dataProvider';
import { makeI18nProvider } from './core/i18n/provider';
import { AppLayout } from './core/layout/Layout';
import { LoginPage } from './core/layout/LoginPage';
import { lightTheme } from './core/theme';
import { Dashboard } from './dashboard/Dashboard';
import { modules } from './modules';

const i18nProvider = makeI18nProvider(modules);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error: any) => count < 1 && !(error?.status >= 400 && error?.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

export const App = () => (
  <BrowserRouter>
    <Admin
      title="emporion"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      queryClient={queryClient}
      loginPage={LoginPage}
      dashboard={Dashboard}
      layout={AppLayout}
      theme={lightTheme}
      requireAuth
      disableTelemetry
    >
      {modules.flatMap((m) => m.resources)}
    </Admin>
  </BrowserRouter>
);
