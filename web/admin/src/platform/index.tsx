// Platform module: background jobs, settings, and the change history of everything.
import WorkHistoryIcon from '@mui/icons-material/WorkHistory';
import SettingsIcon from '@mui/icons-material/Settings';
import HistoryIcon from '@mui/icons-material/History';
import { CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { ChangeList } from './changes';
import { JobList, JobShow } from './jobs';
import { de, en } from './messages';
import { SettingsPage } from './settings';
import { RecentChangesWidget, RecentJobsWidget, RunningJobsCard } from './widgets';

registerResource('jobs', { path: '/jobs', read: 'jobs:read', create: 'jobs:manage', update: 'jobs:manage', delete: 'jobs:manage' });
registerResource('changes', { path: '/changes', read: 'changes:read' });

export const platformModule: AppModule = {
  id: 'platform',
  section: 'app.menu.system',
  resources: [
    <Resource key="jobs" name="jobs" list={JobList} show={JobShow} icon={WorkHistoryIcon} />,
    <Resource key="changes" name="changes" list={ChangeList} icon={HistoryIcon} />,
    <CustomRoutes key="platform-routes">
      <Route path="/settings" element={<SettingsPage />} />
    </CustomRoutes>,
  ],
  menu: [
    { to: '/jobs', label: 'jobs', icon: WorkHistoryIcon, permission: 'jobs:read', apiPath: '/jobs' },
    { to: '/settings', label: 'settings', icon: SettingsIcon, permission: 'settings:read', apiPath: '/settings' },
    { to: '/changes', label: 'changes', icon: HistoryIcon, permission: 'changes:read', apiPath: '/changes' },
  ],
  widgets: [
    { id: 'jobs-running', width: 4, order: 40, permission: 'jobs:read', apiPath: '/jobs', component: RunningJobsCard },
    { id: 'recent-changes', width: 6, order: 100, permission: 'changes:read', apiPath: '/changes', component: RecentChangesWidget },
    { id: 'recent-jobs', width: 6, order: 110, permission: 'jobs:read', apiPath: '/jobs', component: RecentJobsWidget },
  ],
  messages: { en, de },
};
