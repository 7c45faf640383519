// Shared pieces of the catalog pages: the catalog's languages, localized-text and SEO inputs.
import { Box } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  NumberInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  useGetOne,
  useSimpleFormIteratorItem,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';

export const LANGUAGE_CHOICES = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pl-PL', 'en-GB'].map((l) => ({ id: l, name: l }));

/** The languages of the catalog a form's record belongs to (its `catalogId`). */
export function useCatalogLanguages(catalogIdField = 'catalogId'): { languages: string[]; defaultLanguage?: string } {
  const catalogId = useWatch({ name: catalogIdField });
  const { data } = useGetOne('catalogs', { id: catalogId }, { enabled: !!catalogId, staleTime: 60_000 });
  const langs: string[] = data?.languages?.length ? data.languages : data?.defaultLanguage ? [data.defaultLanguage] : ['en-US'];
  return { languages: langs, defaultLanguage: data?.defaultLanguage };
}

export const LanguageSelect = ({ source, languages, label }: { source: string; languages: string[]; label?: string }) => (
  <SelectInput
    source={source}
    label={label ?? 'app.common.language'}
    choices={languages.map((l) => ({ id: l, name: l }))}
    validate={required()}
    sx={{ minWidth: 140 }}
  />
);

/** An array of `{languageCode, value}` entries, one per language. */
export const LocalizedTextInput = ({ source, label, multiline = false }: { source: string; label?: string; multiline?: boolean }) => {
  const { languages } = useCatalogLanguages();
  return (
    <ArrayInput source={source} label={label}>
      <SimpleFormIterator inline disableReordering>
        <LanguageSelect source="languageCode" languages={languages} />
        <TextInput source="value" label="app.common.value" validate={required()} multiline={multiline} sx={{ minWidth: 280 }} />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

/** The SEO infos of a product or category. */
export const SeoInput = () => {
  const { languages } = useCatalogLanguages();
  const translate = useTranslate();
  return (
    <ArrayInput source="seoInfos" label={translate('resources.products.fields.seoInfos')}>
      <SimpleFormIterator disableReordering fullWidth>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, width: '100%' }}>
          <TextInput source="semanticUrl" validate={required()} label="resources.seo.semanticUrl" sx={{ flex: '1 1 240px' }} />
          <AutocompleteInput source="languageCode" choices={languages.map((l) => ({ id: l, name: l }))} label="app.common.language" sx={{ minWidth: 140 }} />
          <TextInput source="storeId" label="resources.seo.storeId" sx={{ minWidth: 140 }} />
          <BooleanInput source="isActive" label="resources.seo.isActive" defaultValue={true} />
        </Box>
        <TextInput source="pageTitle" label="resources.seo.pageTitle" fullWidth />
        <TextInput source="metaDescription" label="resources.seo.metaDescription" fullWidth multiline />
        <TextInput source="metaKeywords" label="resources.seo.metaKeywords" fullWidth />
        <TextInput source="imageAltDescription" label="resources.seo.imageAltDescription" fullWidth />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

/** Images with a preview of each. */
export const ImagesInput = () => {
  const { languages } = useCatalogLanguages();
  return (
    <ArrayInput source="images" label="resources.products.fields.images">
      <SimpleFormIterator inline>
        <ImagePreview />
        <TextInput source="url" validate={required()} label="resources.images.url" sx={{ minWidth: 320 }} />
        <TextInput source="name" label="resources.images.name" />
        <TextInput source="group" label="resources.images.group" />
        <NumberInput source="sortOrder" label="resources.images.sortOrder" defaultValue={0} sx={{ width: 110 }} />
        <SelectInput source="languageCode" label="app.common.language" choices={languages.map((l) => ({ id: l, name: l }))} emptyText="—" />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

const ImagePreview = () => {
  const { index } = useSimpleFormIteratorItem();
  const url = useWatch({ name: `images.${index}.url` });
  return (
    <Box
      sx={{
        width: 56,
        height: 56,
        borderRadius: 1,
        border: '1px solid',
        borderColor: 'divider',
        bgcolor: 'action.hover',
        backgroundImage: url ? `url("${String(url).replace(/"/g, '%22')}")` : undefined,
        backgroundSize: 'cover',
        backgroundPosition: 'center',
        flexShrink: 0,
      }}
    />
  );
};

/** A URL-safe code from a name ("Summer Shoes" -> "summer-shoes"). */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
