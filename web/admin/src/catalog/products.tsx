// Products: list with search, filters and bulk actions; the editor with tabs for general
// fields, descriptions, properties, variations, images, associations, SEO and history.
import { Avatar, Box, Chip, Stack, Typography } from '@mui/material';
import ImageIcon from '@mui/icons-material/ImageOutlined';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import type { ReactElement } from 'react';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  BulkDeleteButton,
  BulkUpdateButton,
  Create,
  CreateButton,
  DataTable,
  DateField,
  DateTimeInput,
  Edit,
  ExportButton,
  FilterButton,
  FormDataConsumer,
  List,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  required,
  SearchInput,
  SelectInput,
  SimpleFormIterator,
  TabbedForm,
  TextField as RaTextField,
  TextInput,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useCanChange, useRowClick } from '../core/components/access';
import { HistoryPanel } from '../core/components/HistoryPanel';
import { RecordMeta } from '../core/components/RecordMeta';
import { useSaveErrorHandler } from '../core/components/useSaveErrorHandler';
import { useHasApi } from '../core/apiCatalog';
import { ProductInventory } from '../inventory/ProductInventory';
import { ProductPrices } from '../pricing/ProductPrices';
import { ProductSearchButton } from '../search/ProductSearchButton';
import { CatalogTransferButtons } from './importExport';
import { ImagesInput, LocalizedTextInput, SeoInput, useCatalogLanguages } from './common';
import { PropertyValuesInput } from './PropertyValuesInput';

const productTypes = ['Physical', 'Digital', 'BillOfMaterials'].map((t) => ({ id: t, name: `resources.products.types.${t}` }));

const Thumb = () => {
  const r = useRecordContext();
  const url = r?.images?.[0]?.url;
  return (
    <Avatar variant="rounded" src={url} sx={{ width: 36, height: 36, bgcolor: 'action.hover', color: 'text.secondary' }}>
      <ImageIcon fontSize="small" />
    </Avatar>
  );
};

const NameCell = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Box sx={{ minWidth: 0 }}>
      {/* Long names wrap rather than widen the table past a phone's screen. */}
      <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
          {r.code}
        </Typography>
        {r.mainProductId ? <Chip size="small" label={translate('resources.products.variation')} sx={{ height: 16, fontSize: 10 }} /> : null}
        {r.variations?.length ? (
          <Chip size="small" variant="outlined" label={translate('resources.products.n_variations', { smart_count: r.variations.length })} sx={{ height: 16, fontSize: 10 }} />
        ) : null}
      </Stack>
    </Box>
  );
};

const ActiveChip = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return r.isActive === false ? (
    <Chip size="small" label={translate('resources.products.inactive')} />
  ) : (
    <Chip size="small" color="success" variant="outlined" label={translate('resources.products.active')} />
  );
};

const BulkActions = () => (
  <>
    <BulkUpdateButton label="resources.products.activate" data={{ isActive: true }} icon={<VisibilityIcon />} mutationMode="pessimistic" />
    <BulkUpdateButton label="resources.products.deactivate" data={{ isActive: false }} icon={<VisibilityOffIcon />} mutationMode="pessimistic" />
    <BulkDeleteButton mutationMode="pessimistic" />
  </>
);

const boolChoices = [
  { id: 'true', name: 'app.common.yes' },
  { id: 'false', name: 'app.common.no' },
];

const productFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="catalogId" source="catalogId" reference="catalogs" alwaysOn>
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="isActive" source="isActive" choices={boolChoices} />,
  <SelectInput key="isVariation" source="isVariation" choices={boolChoices} />,
  <TextInput key="code" source="code" />,
];

/** The product table, used by the product list and the catalog browser. */
export const ProductTable = ({ filter, actions }: { filter?: Record<string, unknown>; actions?: ReactElement | false }) => {
  const rowClick = useRowClick('products');
  const canChange = useCanChange('products');
  return (
  <List
    resource="products"
    filter={filter}
    filters={filter ? [<SearchInput key="q" source="q" alwaysOn />] : productFilters}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    disableSyncWithLocation={!!filter}
    storeKey={filter ? false : undefined}
    actions={actions}
    title={filter ? false : undefined}
    empty={false}
  >
    <DataTable rowClick={rowClick} bulkActionButtons={canChange ? <BulkActions /> : false}>
      <DataTable.Col label=" " sx={{ width: 52, display: { xs: 'none', sm: 'table-cell' } }}>
        <Thumb />
      </DataTable.Col>
      <DataTable.Col source="name">
        <NameCell />
      </DataTable.Col>
      {filter ? null : (
        <DataTable.Col source="catalogId" disableSort sx={{ display: { xs: 'none', md: 'table-cell' } }}>
          <ReferenceField source="catalogId" reference="catalogs" link={false}>
            <RaTextField source="name" />
          </ReferenceField>
        </DataTable.Col>
      )}
      <DataTable.Col source="isActive" disableSort>
        <ActiveChip />
      </DataTable.Col>
      <DataTable.Col source="modifiedAt" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
        <DateField source="modifiedAt" showTime />
      </DataTable.Col>
    </DataTable>
  </List>
  );
};

/** Filters, create, and the server's import/export (or the page's own CSV export without it). */
const ProductListToolbar = () => {
  const serverExport = useHasApi('/catalog/exports');
  return (
    <TopToolbar>
      <ProductSearchButton />
      <FilterButton />
      <CreateButton />
      {serverExport ? null : <ExportButton />}
      <CatalogTransferButtons />
    </TopToolbar>
  );
};

export const ProductList = () => <ProductTable actions={<ProductListToolbar />} />;

const CategoryInput = () => {
  const catalogId = useWatch({ name: 'catalogId' });
  return (
    <ReferenceInput source="categoryId" reference="categories" filter={catalogId ? { catalogId } : {}} sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText={(r: any) => (r.outline?.items?.length ? r.outline.items.filter((i: any) => i.type === 'category').map((i: any) => i.name).join(' › ') : r.name)} filterToQuery={(q) => ({ q })} sx={{ minWidth: 280 }} />
    </ReferenceInput>
  );
};

const GeneralFields = ({ create = false }: { create?: boolean }) => (
  <Box sx={{ width: '100%', maxWidth: 960 }}>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="name" validate={required()} sx={{ flex: '2 1 320px' }} />
      <TextInput source="code" validate={required()} sx={{ flex: '1 1 200px' }} />
    </Box>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
      <ReferenceInput source="catalogId" reference="catalogs">
        <SelectInput optionText="name" validate={required()} readOnly={!create} sx={{ minWidth: 200 }} />
      </ReferenceInput>
      <CategoryInput />
      <SelectInput source="productType" choices={productTypes} emptyText="—" sx={{ minWidth: 180 }} />
    </Box>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3 }}>
      <BooleanInput source="isActive" />
      <BooleanInput source="isBuyable" />
      <BooleanInput source="trackInventory" />
    </Box>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
      <TextInput source="gtin" sx={{ flex: '1 1 180px' }} />
      <TextInput source="manufacturerPartNumber" sx={{ flex: '1 1 180px' }} />
      <TextInput source="vendor" sx={{ flex: '1 1 180px' }} />
      <TextInput source="taxType" sx={{ flex: '1 1 140px' }} />
    </Box>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
      <NumberInput source="weight" min={0} sx={{ width: 130 }} />
      <TextInput source="weightUnit" sx={{ width: 110 }} />
      <NumberInput source="length" min={0} sx={{ width: 120 }} />
      <NumberInput source="width" min={0} sx={{ width: 120 }} />
      <NumberInput source="height" min={0} sx={{ width: 120 }} />
      <TextInput source="measureUnit" sx={{ width: 110 }} />
    </Box>
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
      <NumberInput source="minQuantity" min={0} step={1} sx={{ width: 150 }} />
      <NumberInput source="maxQuantity" min={0} step={1} sx={{ width: 150 }} />
      <NumberInput source="priority" step={1} sx={{ width: 120 }} />
      <DateTimeInput source="startDate" />
      <DateTimeInput source="endDate" />
    </Box>
    <FormDataConsumer>
      {({ formData }) =>
        formData.mainProductId ? (
          <ReferenceInput source="mainProductId" reference="products">
            <AutocompleteInput optionText="name" readOnly sx={{ minWidth: 320 }} />
          </ReferenceInput>
        ) : null
      }
    </FormDataConsumer>
  </Box>
);

const DescriptionsInput = () => {
  const { languages } = useCatalogLanguages();
  return (
    <ArrayInput source="descriptions">
      <SimpleFormIterator fullWidth disableReordering>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <SelectInput source="languageCode" label="app.common.language" choices={languages.map((l) => ({ id: l, name: l }))} validate={required()} />
          <SelectInput
            source="reviewType"
            label="resources.products.fields.reviewType"
            choices={[
              { id: 'FullReview', name: 'resources.products.reviewTypes.FullReview' },
              { id: 'QuickReview', name: 'resources.products.reviewTypes.QuickReview' },
            ]}
            defaultValue="FullReview"
          />
        </Box>
        <TextInput source="content" label="resources.products.fields.content" multiline minRows={4} fullWidth validate={required()} />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

const assocTypes = ['Accessories', 'Related Items', 'Up-Sales', 'Cross-Sales'].map((t) => ({ id: t, name: t }));

const AssociationsInput = () => (
  <ArrayInput source="associations">
    <SimpleFormIterator inline>
      <AutocompleteInput source="type" label="resources.products.fields.associationType" choices={assocTypes} onCreate={(t) => ({ id: t ?? '', name: t ?? '' })} validate={required()} sx={{ minWidth: 180 }} />
      <SelectInput
        source="associatedObjectType"
        label="resources.products.fields.associatedObjectType"
        choices={[
          { id: 'product', name: 'resources.products.name' },
          { id: 'category', name: 'resources.categories.name' },
        ]}
        defaultValue="product"
      />
      <FormDataConsumer>
        {({ scopedFormData }) => (
          <ReferenceInput source="associatedObjectId" reference={scopedFormData?.associatedObjectType === 'category' ? 'categories' : 'products'}>
            <AutocompleteInput optionText={(r: any) => `${r.name} (${r.code})`} filterToQuery={(q) => ({ q })} label="resources.products.fields.associatedObjectId" validate={required()} sx={{ minWidth: 260 }} />
          </ReferenceInput>
        )}
      </FormDataConsumer>
      <NumberInput source="priority" label="resources.products.fields.priority" defaultValue={0} sx={{ width: 100 }} />
      <NumberInput source="quantity" label="resources.products.fields.quantity" sx={{ width: 100 }} />
    </SimpleFormIterator>
  </ArrayInput>
);

const VariationsTab = () => {
  const record = useRecordContext();
  if (!record) return null;
  const source = {
    mainProductId: record.id,
    catalogId: record.catalogId,
    categoryId: record.categoryId ?? undefined,
    name: `${record.name} – `,
    code: `${record.code}-`,
  };
  return (
    <Box sx={{ width: '100%' }}>
      {record.mainProductId ? null : (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <CreateButton
            resource="products"
            label="resources.products.add_variation"
            to={{ pathname: '/products/create', search: `?source=${encodeURIComponent(JSON.stringify(source))}` }}
          />
        </Box>
      )}
      <ReferenceManyField reference="products" target="mainProductId" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
        <DataTable rowClick="edit" bulkActionButtons={false} empty={<VariationsEmpty />}>
          <DataTable.Col label=" " sx={{ width: 52 }}>
            <Thumb />
          </DataTable.Col>
          <DataTable.Col source="name">
            <NameCell />
          </DataTable.Col>
          <DataTable.Col source="isActive">
            <ActiveChip />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

const VariationsEmpty = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 2 }}>
      {translate('resources.products.no_variations')}
    </Typography>
  );
};

const ProductTitle = () => {
  const r = useRecordContext();
  return <span>{r ? `${r.name} (${r.code})` : ''}</span>;
};

const DERIVED = ['outlines', 'variations', 'isSellable', 'inheritedFields', 'level', 'outline'];
export const stripDerived = (data: any) => {
  const out = { ...data };
  for (const k of DERIVED) delete out[k];
  return out;
};

const ProductForm = ({ create = false }: { create?: boolean }) => {
  // The Inventory tab appears when the server has the inventory API and the user may read it.
  const hasInventory = useHasApi('/inventories');
  const { canAccess: canReadInventory } = useCanAccess({ resource: 'inventories', action: 'list' });
  // Likewise the Prices tab with the pricing API and pricing:read.
  const hasPricing = useHasApi('/prices');
  const { canAccess: canReadPrices } = useCanAccess({ resource: 'prices', action: 'list' });
  return (
    <TabbedForm syncWithLocation={!create}>
      <TabbedForm.Tab label="app.common.general">
        <GeneralFields create={create} />
        {create ? null : <RecordMeta />}
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.products.tabs.descriptions" path="descriptions">
        <LocalizedTextInput source="localizedName" label="resources.products.fields.localizedName" />
        <DescriptionsInput />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.products.tabs.properties" path="properties">
        <PropertyValuesInput owner="product" />
      </TabbedForm.Tab>
      {create ? null : (
        <TabbedForm.Tab label="resources.products.tabs.variations" path="variations">
          <VariationsTab />
        </TabbedForm.Tab>
      )}
      <TabbedForm.Tab label="resources.products.tabs.images" path="images">
        <ImagesInput />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.products.tabs.associations" path="associations">
        <AssociationsInput />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.products.tabs.seo" path="seo">
        <SeoInput />
      </TabbedForm.Tab>
      {create || !hasPricing || !canReadPrices ? null : (
        <TabbedForm.Tab label="resources.prices.tab" path="prices">
          <ProductPrices />
        </TabbedForm.Tab>
      )}
      {create || !hasInventory || !canReadInventory ? null : (
        <TabbedForm.Tab label="resources.inventories.tab" path="inventory">
          <ProductInventory />
        </TabbedForm.Tab>
      )}
      {create ? null : (
        <TabbedForm.Tab label="app.common.history" path="history">
          <HistoryPanel entityType="catalog.product" />
        </TabbedForm.Tab>
      )}
    </TabbedForm>
  );
};

export const ProductEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} title={<ProductTitle />} transform={stripDerived} redirect={false}>
      <ProductForm />
    </Edit>
  );
};

export const ProductCreate = () => {
  const onError = useSaveErrorHandler();
  return (
    <Create mutationOptions={{ onError }} transform={stripDerived} redirect="edit">
      <ProductForm create />
    </Create>
  );
};

export const ProductListActions = () => (
  <TopToolbar>
    <CreateButton />
  </TopToolbar>
);
