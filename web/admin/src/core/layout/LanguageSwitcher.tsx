// The app bar's language menu (English / Deutsch). Changing the language also refetches server
// texts (permission names, setting names), which the API localizes by Accept-Language.
import { Button, Menu, MenuItem } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';

const LANGUAGES = [
  { locale: 'en', name: 'English' },
  { locale: 'de', name: 'Deutsch' },
];

export const LanguageSwitcher = () => {
  const translate = useTranslate();
  const [locale, setLocale] = useLocaleState();
  const qc = useQueryClient();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = LANGUAGES.find((l) => l.locale === locale) ?? LANGUAGES[0];
  return (
    <>
      <Button
        color="inherit"
        aria-label={translate('app.language')}
        aria-haspopup="true"
        onClick={(e) => setAnchor(e.currentTarget)}
        startIcon={<TranslateIcon />}
        endIcon={<ExpandMoreIcon fontSize="small" />}
        sx={{ '& .lang-name': { display: { xs: 'none', sm: 'inline' } } }}
      >
        <span className="lang-name">{current.name}</span>
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {LANGUAGES.map((l) => (
          <MenuItem
            key={l.locale}
            selected={l.locale === locale}
            lang={l.locale}
            onClick={() => {
              setAnchor(null);
              setLocale(l.locale);
              // Server-side texts follow Accept-Language, which follows the locale.
              setTimeout(() => qc.invalidateQueries(), 0);
            }}
          >
            {l.name}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
};
