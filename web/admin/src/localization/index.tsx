// Localization module: the languages and currencies the stores, catalogs and prices use.
import PaymentsIcon from '@mui/icons-material/Payments';
import TranslateIcon from '@mui/icons-material/Translate';
import { Resource } from 'react-admin';
import type { AppModule } from '../core/module';
import { registerResource } from '../core/resources';
import { CurrencyCreate, CurrencyEdit, CurrencyList } from './currencies';
import { LanguageCreate, LanguageEdit, LanguageList } from './languages';
import { de, en } from './messages';

export const LOCALIZATION_READ = 'localization:read';
const perms = { read: LOCALIZATION_READ, create: 'localization:create', update: 'localization:update', delete: 'localization:delete' };
registerResource('languages', { path: '/languages', entityType: 'localization.language', ...perms });
registerResource('currencies', { path: '/currencies', entityType: 'localization.currency', ...perms });

export const localizationModule: AppModule = {
  id: 'localization',
  section: 'app.menu.channels',
  apiPrefix: '/languages',
  resources: [
    <Resource key="languages" name="languages" list={LanguageList} edit={LanguageEdit} create={LanguageCreate} icon={TranslateIcon} recordRepresentation="name" />,
    <Resource key="currencies" name="currencies" list={CurrencyList} edit={CurrencyEdit} create={CurrencyCreate} icon={PaymentsIcon} recordRepresentation="code" />,
  ],
  menu: [
    { to: '/languages', label: 'languages', icon: TranslateIcon, permission: LOCALIZATION_READ, apiPath: '/languages' },
    { to: '/currencies', label: 'currencies', icon: PaymentsIcon, permission: LOCALIZATION_READ, apiPath: '/currencies' },
  ],
  messages: { en, de },
};
