// English and German, switchable at run time; the choice is kept in localStorage and sent to the
// API as Accept-Language (so permission names and other server texts follow it). German falls
// back to English for any text not translated yet.
import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import type { I18nProvider } from 'react-admin';
import { mergeMessages, type AppModule } from '../module';
import appDe from './app-de';
import appEn from './app-en';
import raGerman from './ra-de';

export const LOCALE_KEY = 'emporion.locale';

export function initialLocale(): 'en' | 'de' {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'de') return saved;
  return navigator.language?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function makeI18nProvider(modules: AppModule[]): I18nProvider {
  const en = mergeMessages(englishMessages as any, appEn, ...modules.map((m) => m.messages.en));
  const de = mergeMessages(en, raGerman as any, appDe, ...modules.map((m) => m.messages.de));
  const locale = initialLocale();
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  return polyglotI18nProvider(
    (l) => {
      localStorage.setItem(LOCALE_KEY, l);
      document.documentElement.lang = l;
      return (l === 'de' ? de : en) as any;
    },
    locale,
    [
      { locale: 'en', name: 'English' },
      { locale: 'de', name: 'Deutsch' },
    ],
    { allowMissing: true },
  );
}
