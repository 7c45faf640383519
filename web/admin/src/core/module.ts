// What a back-office module contributes: react-admin resources, extra routes, menu entries,
// dashboard widgets and its texts. A module's pages appear only when the server offers its API
// (its `apiPrefix` is among the OpenAPI paths), so modules plug in as their APIs land.
import type { ComponentType, ReactElement } from 'react';

export interface MenuEntry {
  to: string;
  /** i18n key or resource name (then `resources.<name>.name` is used). */
  label: string;
  icon: ComponentType;
  /** Permission needed to see the entry. */
  permission?: string;
  /** API path that must exist for the entry to show (defaults to the module's apiPrefix). */
  apiPath?: string;
}

export interface DashboardWidget {
  id: string;
  /** Grid width out of 12 on a wide screen. */
  width: 4 | 6 | 8 | 12;
  order: number;
  permission?: string;
  apiPath?: string;
  component: ComponentType;
}

export interface AppModule {
  id: string;
  /** i18n key of the menu section title. */
  section: string;
  apiPrefix?: string;
  resources: ReactElement[];
  menu: MenuEntry[];
  widgets?: DashboardWidget[];
  messages: { en: Record<string, unknown>; de: Record<string, unknown> };
}

/** Deep merge of message trees (later wins). */
export function mergeMessages(...trees: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of trees) {
    for (const [k, v] of Object.entries(t)) {
      const cur = out[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object') {
        out[k] = mergeMessages(cur as Record<string, unknown>, v as Record<string, unknown>);
      } else out[k] = v;
    }
  }
  return out;
}
