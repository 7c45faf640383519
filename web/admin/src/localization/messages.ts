// Texts of the language and currency pages.
export const en = {
  app: { menu: { channels: 'Stores & markets' } },
  resources: {
    languages: {
      name: 'Language |||| Languages',
      active: 'Active',
      inactive: 'Inactive',
      code_help: 'IETF tag such as en-US or de-DE',
      fields: { code: 'Code', name: 'Name', nativeName: 'Native name', isActive: 'Active', modifiedAt: 'Changed', q: 'Search' },
    },
    currencies: {
      name: 'Currency |||| Currencies',
      primary: 'Primary',
      code_help: 'ISO 4217, three capital letters (EUR)',
      rate_help: 'Units of this currency per unit of the primary currency',
      rate_positive: 'Must be greater than 0',
      format_help: 'Display pattern, e.g. #,##0.00 ¤',
      primary_help: 'Exactly one currency is primary',
      primary_fixed: 'To change the primary currency, make another one primary',
      primary_moves: 'Saving makes this the primary currency; the current primary currency stops being primary.',
      modes: { half_up: 'Half up', half_even: 'Half even (banker’s)', ceiling: 'Up (ceiling)', floor: 'Down (floor)' },
      fields: {
        code: 'Code',
        name: 'Name',
        symbol: 'Symbol',
        exchangeRate: 'Exchange rate',
        roundingDecimals: 'Decimals',
        roundingMode: 'Rounding',
        customFormatting: 'Format',
        isPrimary: 'Primary currency',
        isActive: 'Active',
        q: 'Search',
      },
    },
  },
};

export const de = {
  app: { menu: { channels: 'Shops & Märkte' } },
  resources: {
    languages: {
      name: 'Sprache |||| Sprachen',
      active: 'Aktiv',
      inactive: 'Inaktiv',
      code_help: 'IETF-Kennung wie en-US oder de-DE',
      fields: { code: 'Code', name: 'Name', nativeName: 'Eigenname', isActive: 'Aktiv', modifiedAt: 'Geändert', q: 'Suche' },
    },
    currencies: {
      name: 'Währung |||| Währungen',
      primary: 'Leitwährung',
      code_help: 'ISO 4217, drei Großbuchstaben (EUR)',
      rate_help: 'Einheiten dieser Währung je Einheit der Leitwährung',
      rate_positive: 'Muss größer als 0 sein',
      format_help: 'Anzeigemuster, z. B. #.##0,00 ¤',
      primary_help: 'Genau eine Währung ist die Leitwährung',
      primary_fixed: 'Um die Leitwährung zu wechseln, machen Sie eine andere Währung zur Leitwährung',
      primary_moves: 'Beim Speichern wird dies die Leitwährung; die bisherige Leitwährung verliert die Markierung.',
      modes: { half_up: 'Kaufmännisch', half_even: 'Mathematisch (Banker)', ceiling: 'Aufrunden', floor: 'Abrunden' },
      fields: {
        code: 'Code',
        name: 'Name',
        symbol: 'Symbol',
        exchangeRate: 'Wechselkurs',
        roundingDecimals: 'Nachkommastellen',
        roundingMode: 'Rundung',
        customFormatting: 'Format',
        isPrimary: 'Leitwährung',
        isActive: 'Aktiv',
        q: 'Suche',
      },
    },
  },
};
