// The product list's search mode: GET /search/products with keywords, a facet sidebar (term
// facets as checkboxes with counts, range facets such as price) that builds the `filter`
// parameter, sorting and paging. A row opens the product editor. Without the search API (404)
// the page says so and links back to the plain product list.
import {
  Alert,
  Avatar,
  Box,
  Button,
  Card,
  Checkbox,
  Chip,
  Collapse,
  FormControlLabel,
  InputAdornment,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import FilterListIcon from '@mui/icons-material/FilterList';
import ImageIcon from '@mui/icons-material/ImageOutlined';
import SearchIcon from '@mui/icons-material/Search';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Title, useGetList, useLocale, useTranslate } from 'react-admin';
import { Link, useNavigate } from 'react-router-dom';
import { formatNumber } from '../core/components/format';
import { api } from '../core/http';
import { formatMoney } from '../pricing/common';
import { buildFilter, type Facet, type FacetValue, type Selection } from './filter';
import { isUnavailable, SearchUnavailable } from './SearchIndexes';

/** The facets the page asks for; fields the index does not know make the API answer 400. */
export const DEFAULT_FACETS = ['brand', 'catalog', 'type', 'active', 'inStock'];

interface StoredProduct {
  id: string;
  code?: string;
  type?: string;
  mainProductId?: string | null;
  catalogId?: string;
  name?: Record<string, string> | string;
  image?: string | null;
  isActive?: boolean;
  isBuyable?: boolean;
  prices?: Record<string, { currency?: string; list?: number; sale?: number | null }>;
  stock?: Record<string, number>;
}

interface SearchAnswer {
  items: StoredProduct[];
  total: number;
  facets?: Facet[];
}

const apiLanguage = (locale: string) => (locale === 'de' ? 'de-DE' : 'en-US');

function nameOf(p: StoredProduct, locale: string): string {
  if (!p.name) return p.code ?? p.id;
  if (typeof p.name === 'string') return p.name;
  return p.name[apiLanguage(locale)] ?? p.name['en-US'] ?? Object.values(p.name)[0] ?? p.code ?? p.id;
}

const SORTS = ['relevance', 'name:asc', 'name:desc', 'createdAt:desc', 'modifiedAt:desc'];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Keyword fields every product document has (search README), asked for when `brand` is not. */
const CORE_FACETS = ['catalog', 'type', 'active', 'inStock'];

const isFacetError = (e: any) => e?.status === 400 && ((e?.body?.fieldErrors ?? []).some((f: any) => f.field === 'facets') || /facet/i.test(e?.message ?? ''));

async function search(params: URLSearchParams): Promise<SearchAnswer & { facetsDropped?: boolean }> {
  // A facet field this index does not have (yet) is a 400 naming `facets`: ask again with the
  // fields every product has, then without facets.
  const attempts = [params.get('facets'), CORE_FACETS.join(','), null];
  let last: unknown;
  for (const [i, facets] of attempts.entries()) {
    const p = new URLSearchParams(params);
    if (facets) p.set('facets', facets);
    else p.delete('facets');
    try {
      const json = (await api<SearchAnswer>(`/search/products?${p}`)).json;
      return i === 0 ? json : { ...json, facetsDropped: !facets };
    } catch (e) {
      if (!isFacetError(e)) throw e;
      last = e;
    }
  }
  throw last;
}

const FacetGroup = ({
  facet,
  selected,
  onToggle,
  label,
}: {
  facet: Facet;
  selected: string[];
  onToggle: (v: FacetValue) => void;
  label: (facet: string, v: FacetValue) => string;
}) => {
  const translate = useTranslate();
  const locale = useLocale();
  // Selected values stay visible even when the answer no longer lists them.
  const values = [...facet.values];
  for (const s of selected) if (!values.some((v) => v.value === s)) values.push({ value: s, label: s });
  if (!values.length) return null;
  return (
    <Box data-testid={`facet-${facet.name}`} sx={{ mb: 2 }}>
      <Typography variant="overline" color="text.secondary">
        {translate(`resources.search.facets.${facet.name}`, { _: facet.name })}
      </Typography>
      <Stack>
        {values.map((v) => (
          <FormControlLabel
            key={v.value}
            sx={{ mr: 0, '& .MuiFormControlLabel-label': { flex: 1, minWidth: 0 } }}
            control={<Checkbox size="small" checked={selected.includes(v.value)} onChange={() => onToggle(v)} />}
            label={
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
                <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                  {label(facet.name, v)}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {v.count === undefined ? '' : formatNumber(v.count, locale)}
                </Typography>
              </Stack>
            }
          />
        ))}
      </Stack>
    </Box>
  );
};

export const ProductSearchPage = () => {
  const translate = useTranslate();
  const locale = useLocale();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const [selection, setSelection] = useState<Selection>({});
  const [ranges, setRanges] = useState<Facet[]>([]);
  const [sort, setSort] = useState('relevance');
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const [showFacets, setShowFacets] = useState(false);
  const { data: catalogs = [] } = useGetList('catalogs', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });

  const filter = useMemo(() => buildFilter(selection, ranges), [selection, ranges]);
  const params = useMemo(() => {
    const p = new URLSearchParams({ limit: String(perPage), offset: String(page * perPage), language: apiLanguage(locale), facets: DEFAULT_FACETS.join(',') });
    if (query) p.set('q', query);
    if (filter) p.set('filter', filter);
    if (sort !== 'relevance') p.set('sort', sort);
    return p;
  }, [perPage, page, locale, query, filter, sort]);
  const { data, error, isPending, isFetching } = useQuery({
    queryKey: ['search-products', params.toString()],
    queryFn: () => search(params),
    placeholderData: keepPreviousData,
    retry: false,
  });
  useEffect(() => {
    // Remember the bounds of range facet values, so a selected range still filters after the
    // next answer (whose buckets may differ) arrives.
    const r = (data?.facets ?? []).filter((f) => f.type === 'range');
    if (r.length) setRanges((old) => [...old.filter((o) => !r.some((n) => n.name === o.name)), ...r]);
  }, [data]);

  const toggle = (facet: string, v: FacetValue) => {
    setPage(0);
    setSelection((s) => {
      const cur = s[facet] ?? [];
      const next = cur.includes(v.value) ? cur.filter((x) => x !== v.value) : [...cur, v.value];
      return { ...s, [facet]: next };
    });
  };
  const valueLabel = (facet: string, v: FacetValue) => {
    if (facet === 'catalog') return catalogs.find((c) => c.id === v.value)?.name ?? v.label ?? v.value;
    if (v.value === 'true' || v.value === 'false') return translate(v.value === 'true' ? 'app.common.yes' : 'app.common.no');
    if (facet === 'type') return translate(`resources.search.product_types.${v.value}`, { _: v.label ?? v.value });
    return v.label ?? v.value;
  };
  const selectedCount = Object.values(selection).reduce((n, v) => n + v.length, 0);

  if (error && isUnavailable(error)) {
    return (
      <Box sx={{ mt: 1 }}>
        <Title title={translate('resources.search.products_title')} />
        <Stack spacing={2}>
          <SearchUnavailable />
          <Box>
            <Button component={Link} to="/products" startIcon={<ArrowBackIcon />}>
              {translate('resources.search.back_to_list')}
            </Button>
          </Box>
        </Stack>
      </Box>
    );
  }

  const facetPanel = (
    <Box data-testid="facet-sidebar">
      {(data?.facets ?? []).map((f) => (
        <FacetGroup key={f.name} facet={f} selected={selection[f.name] ?? []} onToggle={(v) => toggle(f.name, v)} label={valueLabel} />
      ))}
      {data?.facetsDropped ? (
        <Typography variant="caption" color="text.secondary">
          {translate('resources.search.no_facets')}
        </Typography>
      ) : null}
      {selectedCount ? (
        <Button size="small" onClick={() => setSelection({})}>
          {translate('resources.search.clear_filters')}
        </Button>
      ) : null}
    </Box>
  );

  return (
    <Box sx={{ mt: 1 }} data-testid="product-search">
      <Title title={translate('resources.search.products_title')} />
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          size="small"
          placeholder={translate('app.common.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(0);
          }}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> }, htmlInput: { 'aria-label': translate('app.common.search') } }}
          sx={{ flex: '1 1 240px' }}
        />
        <TextField select size="small" label={translate('resources.search.sort')} value={sort} onChange={(e) => setSort(e.target.value)} sx={{ width: 200 }}>
          {SORTS.map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`resources.search.sorts.${s.replace(':', '_')}`)}
            </MenuItem>
          ))}
        </TextField>
        <Button sx={{ display: { md: 'none' } }} startIcon={<FilterListIcon />} onClick={() => setShowFacets(!showFacets)}>
          {translate('resources.search.filters')} {selectedCount ? `(${selectedCount})` : ''}
        </Button>
        <Button component={Link} to="/products" startIcon={<ArrowBackIcon />}>
          {translate('resources.search.back_to_list')}
        </Button>
      </Stack>
      {filter ? (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mb: 1, fontFamily: 'monospace', overflowWrap: 'anywhere' }} data-testid="search-filter">
          {filter}
        </Typography>
      ) : null}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Card sx={{ width: 240, flexShrink: 0, p: 2, display: { xs: 'none', md: 'block' } }}>{facetPanel}</Card>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Collapse in={showFacets} sx={{ display: { md: 'none' } }}>
            <Card sx={{ p: 2, mb: 1 }}>{facetPanel}</Card>
          </Collapse>
          <Card>
            {error ? (
              <Alert severity="error">{translate((error as Error).message, { _: (error as Error).message })}</Alert>
            ) : isPending ? (
              <Typography color="text.secondary" sx={{ p: 2 }}>
                {translate('app.common.loading')}
              </Typography>
            ) : (
              <>
                <Table size="small" sx={{ opacity: isFetching ? 0.6 : 1 }}>
                  <TableHead>
                    <TableRow>
                      <TableCell sx={{ width: 52, display: { xs: 'none', sm: 'table-cell' } }} />
                      <TableCell>{translate('resources.products.fields.name')}</TableCell>
                      <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{translate('resources.products.fields.catalogId')}</TableCell>
                      <TableCell align="right">{translate('resources.search.price')}</TableCell>
                      <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate('resources.search.stock')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {(data?.items ?? []).map((p) => {
                      const price = Object.values(p.prices ?? {})[0];
                      const stock = p.stock ? Object.values(p.stock).reduce((a, b) => a + (Number(b) || 0), 0) : undefined;
                      return (
                        <TableRow key={p.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/products/${encodeURIComponent(p.id)}`)}>
                          <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                            <Avatar variant="rounded" src={p.image ?? undefined} sx={{ width: 36, height: 36, bgcolor: 'action.hover', color: 'text.secondary' }}>
                              <ImageIcon fontSize="small" />
                            </Avatar>
                          </TableCell>
                          <TableCell>
                            <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                              {nameOf(p, locale)}
                            </Typography>
                            <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                              <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                                {p.code}
                              </Typography>
                              {p.type === 'variation' || p.mainProductId ? <Chip size="small" label={translate('resources.products.variation')} sx={{ height: 16, fontSize: 10 }} /> : null}
                              {p.isActive === false ? <Chip size="small" label={translate('resources.products.inactive')} sx={{ height: 16, fontSize: 10 }} /> : null}
                            </Stack>
                          </TableCell>
                          <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{catalogs.find((c) => c.id === p.catalogId)?.name ?? p.catalogId}</TableCell>
                          <TableCell align="right">{price ? formatMoney(price.sale ?? price.list, price.currency, locale) : '—'}</TableCell>
                          <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{stock === undefined ? '—' : formatNumber(stock, locale)}</TableCell>
                        </TableRow>
                      );
                    })}
                    {data && !data.items.length ? (
                      <TableRow>
                        <TableCell colSpan={5}>
                          <Typography color="text.secondary">{translate('resources.search.no_results')}</Typography>
                        </TableCell>
                      </TableRow>
                    ) : null}
                  </TableBody>
                </Table>
                <TablePagination
                  component="div"
                  count={data?.total ?? 0}
                  page={page}
                  rowsPerPage={perPage}
                  rowsPerPageOptions={[25, 50, 100]}
                  onPageChange={(_, p) => setPage(p)}
                  onRowsPerPageChange={(e) => {
                    setPerPage(Number(e.target.value));
                    setPage(0);
                  }}
                  labelRowsPerPage={translate('ra.navigation.page_rows_per_page')}
                />
              </>
            )}
          </Card>
        </Box>
      </Stack>
    </Box>
  );
};
