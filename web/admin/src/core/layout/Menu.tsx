// The left menu: one section per area, entries filtered by the user's permissions and by which
// APIs the server offers.
import { ListSubheader } from '@mui/material';
import { Fragment } from 'react';
import { Menu, usePermissions, useSidebarState, useTranslate } from 'react-admin';
import { modules } from '../../modules';
import { hasApi, useApiPaths } from '../apiCatalog';
import type { MenuEntry } from '../module';
import { can, type Permissions } from '../permissions';

export function menuLabel(translate: ReturnType<typeof useTranslate>, label: string) {
  return label.includes('.') ? translate(label) : translate(`resources.${label}.name`, { smart_count: 2 });
}

export const AppMenu = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  const { data: paths } = useApiPaths();
  const translate = useTranslate();
  const [open] = useSidebarState();

  const sections = new Map<string, MenuEntry[]>();
  if (!isPending) {
    for (const m of modules) {
      for (const e of m.menu) {
        if (!can(permissions, e.permission) || !hasApi(paths, e.apiPath ?? m.apiPrefix)) continue;
        const list = sections.get(m.section) ?? [];
        list.push(e);
        sections.set(m.section, list);
      }
    }
  }
  return (
    <Menu>
      <Menu.DashboardItem primaryText={translate('app.menu.dashboard')} />
      {[...sections.entries()].map(([section, entries]) => (
        <Fragment key={section}>
          {open ? (
            <ListSubheader
              disableSticky
              sx={{ bgcolor: 'transparent', lineHeight: '32px', mt: 1, fontSize: 11, letterSpacing: '.08em', textTransform: 'uppercase' }}
            >
              {translate(section)}
            </ListSubheader>
          ) : null}
          {entries.map((e) => (
            <Menu.Item key={e.to} to={e.to} primaryText={menuLabel(translate, e.label)} leftIcon={<e.icon />} />
          ))}
        </Fragment>
      ))}
    </Menu>
  );
};
