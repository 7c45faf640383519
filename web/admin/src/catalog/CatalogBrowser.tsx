// A catalog opened: its category tree on the left, the products of the selected category (with
// everything below it) on the right.
import { Box, Breadcrumbs, Card, CardContent, Chip, Grid, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import {
  Button,
  CreateButton,
  ShowBase,
  Title,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link, useSearchParams } from 'react-router-dom';
import { CategoryTree, useCategoryTree, type TreeNode } from './CategoryTree';
import { CatalogTransferButtons } from './importExport';
import { ProductTable } from './products';

function trail(nodes: TreeNode[], id: string, acc: TreeNode[] = []): TreeNode[] | null {
  for (const n of nodes) {
    if (n.id === id) return [...acc, n];
    const t = trail(n.children ?? [], id, [...acc, n]);
    if (t) return t;
  }
  return null;
}

const Browser = () => {
  const catalog = useRecordContext();
  const translate = useTranslate();
  const [params, setParams] = useSearchParams();
  const selected = params.get('category');
  const { data: tree = [] } = useCategoryTree(String(catalog?.id ?? ''));
  const { canAccess: canEditCatalog } = useCanAccess({ resource: 'catalogs', action: 'edit' });
  if (!catalog) return null;
  const path = selected ? (trail(tree, selected) ?? []) : [];
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('category', id);
    else next.delete('category');
    setParams(next, { replace: true });
  };
  const createSource = { catalogId: catalog.id, categoryId: selected ?? undefined, isActive: true, isBuyable: true, productType: 'Physical' };
  return (
    <Box sx={{ pt: 1 }}>
      <Title title={catalog.name} />
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, mb: 1 }}>
        <Breadcrumbs sx={{ flex: 1 }}>
          <Typography component={Link} to="/catalogs" color="inherit" sx={{ textDecoration: 'none' }}>
            {translate('resources.catalogs.name', { smart_count: 2 })}
          </Typography>
          <Typography component="a" onClick={() => select(null)} color="inherit" sx={{ cursor: 'pointer' }}>
            {catalog.name}
          </Typography>
          {path.map((n) => (
            <Typography key={n.id} component="a" onClick={() => select(n.id)} color={n.id === selected ? 'text.primary' : 'inherit'} sx={{ cursor: 'pointer' }}>
              {n.name}
            </Typography>
          ))}
        </Breadcrumbs>
        <Chip size="small" variant="outlined" label={translate(catalog.isVirtual ? 'resources.catalogs.virtual' : 'resources.catalogs.physical')} />
        {canEditCatalog ? <Button component={Link} to={`/catalogs/${encodeURIComponent(String(catalog.id))}`} label="ra.action.edit" startIcon={<EditIcon />} /> : null}
      </Box>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5, lg: 4 }}>
          <Card>
            <CardContent sx={{ p: 1, '&:last-child': { pb: 1 } }}>
              <CategoryTree catalogId={String(catalog.id)} selected={selected} onSelect={select} readOnly={false} />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 7, lg: 8 }}>
          <ProductTable
            key={selected ?? 'all'}
            filter={selected ? { catalogId: catalog.id, categoryId: selected, includeDescendants: true } : { catalogId: catalog.id }}
            actions={
              <TopToolbar>
                <CreateButton
                  resource="products"
                  to={{ pathname: '/products/create', search: `?source=${encodeURIComponent(JSON.stringify(createSource))}` }}
                />
                <CatalogTransferButtons catalogId={String(catalog.id)} />
              </TopToolbar>
            }
          />
        </Grid>
      </Grid>
    </Box>
  );
};

export const CatalogBrowser = () => (
  <ShowBase>
    <Browser />
  </ShowBase>
);
