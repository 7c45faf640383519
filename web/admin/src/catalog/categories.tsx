// Category editor (the tree lives in the catalog browser): general fields, localized names,
// property values, images, SEO, history.
import { Box } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TabbedForm,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { ImagesInput, LocalizedTextInput, SeoInput } from './common';
import { PropertyValuesInput } from './PropertyValuesInput';
import { stripDerived } from './products';

const ParentInput = () => {
  const catalogId = useWatch({ name: 'catalogId' });
  // A category cannot become its own parent; deeper cycles are refused by the server.
  return (
    <ReferenceInput source="parentId" reference="categories" filter={{ catalogId }} sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput
        optionText="name"
        filterToQuery={(q) => ({ q })}
        sx={{ minWidth: 280 }}
      />
    </ReferenceInput>
  );
};

const CategoryForm = ({ create = false }: { create?: boolean }) => (
  <TabbedForm syncWithLocation={!create}>
    <TabbedForm.Tab label="app.common.general">
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, width: '100%', maxWidth: 900 }}>
        <TextInput source="name" validate={required()} sx={{ flex: '2 1 300px' }} />
        <TextInput source="code" validate={required()} sx={{ flex: '1 1 180px' }} />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        <ReferenceInput source="catalogId" reference="catalogs">
          <SelectInput optionText="name" validate={required()} readOnly={!create} />
        </ReferenceInput>
        <ParentInput />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, alignItems: 'center' }}>
        <BooleanInput source="isActive" defaultValue={true} />
        <NumberInput source="priority" step={1} defaultValue={0} sx={{ width: 120 }} />
        <TextInput source="taxType" />
      </Box>
      <LocalizedTextInput source="localizedName" label="resources.categories.fields.localizedName" />
      {create ? null : <RecordMeta />}
    </TabbedForm.Tab>
    {create ? null : (
      <TabbedForm.Tab label="resources.products.tabs.properties" path="properties">
        <PropertyValuesInput owner="category" />
      </TabbedForm.Tab>
    )}
    <TabbedForm.Tab label="resources.products.tabs.images" path="images">
      <ImagesInput />
    </TabbedForm.Tab>
    <TabbedForm.Tab label="resources.products.tabs.seo" path="seo">
      <SeoInput />
    </TabbedForm.Tab>
    {create ? null : (
      <TabbedForm.Tab label="app.common.history" path="history">
        <HistoryPanel entityType="catalog.category" />
      </TabbedForm.Tab>
    )}
  </TabbedForm>
);

const CategoryTitle = () => <span>{useRecordContext()?.name}</span>;

export const CategoryEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      title={<CategoryTitle />}
      transform={stripDerived}
      redirect={(_r: any, _id: any, data: any) => `catalogs/${encodeURIComponent(data.catalogId)}/show?category=${encodeURIComponent(data.id)}`}
    >
      <CategoryForm />
    </Edit>
  );
};

export const CategoryCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create mutationOptions={{ onError }} transform={stripDerived} redirect="edit">
      <CategoryForm create />
    </Create>
  );
};
