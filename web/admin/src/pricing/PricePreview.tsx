// The price preview: which price a shopper would pay. Choose a store (its catalog and default
// currency follow), a currency, the shopper (a contact, whose groups and tags the server adds,
// and/or user groups, tags and a country by hand), a date, a quantity and products; the page
// calls POST /pricing/evaluate with explain=true and shows per product the winning price, its
// tiers, and every assignment with why it won or lost.
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Divider,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import CalculateIcon from '@mui/icons-material/Calculate';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  DateTimeInput,
  Form,
  NumberInput,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  ResourceContextProvider,
  SaveButton,
  SelectInput,
  TextInput,
  Title,
  useGetList,
  useGetMany,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { useSearchParams } from 'react-router-dom';
import { api } from '../core/http';
import { toUtcIso, useConditionSuggestions, useCurrencyChoices, useMoney, wholeAtLeastOne } from './common';

export interface Tier {
  minQuantity: number;
  list: number;
  sale?: number | null;
}

export interface Explanation {
  assignmentId: string;
  priceListId: string;
  priority: number;
  outcome: 'won' | 'inactive' | 'date' | 'store' | 'catalog' | 'condition' | 'currency' | 'priority' | 'noPrice' | string;
}

export interface EvaluatedPrice {
  productId: string;
  currency: string;
  list: number;
  sale?: number | null;
  priceListId: string;
  assignmentId: string;
  priceProductId?: string;
  tiers: Tier[];
  explanation?: Explanation[];
}

interface PreviewInput {
  storeId?: string | null;
  catalogId?: string | null;
  currency?: string;
  customerId?: string | null;
  userGroups?: string[];
  tags?: string[];
  country?: string | null;
  date?: string | null;
  quantity?: number;
  productIds?: string[];
}

/** The request body of POST /pricing/evaluate for the form's values. */
export function evaluationRequest(v: PreviewInput) {
  const body: Record<string, unknown> = { currency: v.currency, productIds: v.productIds ?? [], quantity: Number(v.quantity) || 1, explain: true };
  if (v.storeId) body.storeId = v.storeId;
  if (v.catalogId) body.catalogId = v.catalogId;
  if (v.customerId) body.customerId = v.customerId;
  if (v.userGroups?.length) body.userGroups = v.userGroups;
  if (v.tags?.length) body.tags = v.tags;
  if (v.country) body.country = v.country.trim().toUpperCase();
  const date = toUtcIso(v.date);
  if (date) body.date = date;
  return body;
}

const OUTCOME_COLOR: Record<string, 'success' | 'default' | 'warning' | 'info'> = { won: 'success', priority: 'info', noPrice: 'warning' };

/** When a store is chosen, its catalog and default currency follow (the user may change them). */
const StoreDefaults = () => {
  const storeId = useWatch({ name: 'storeId' });
  const { setValue, getValues } = useFormContext();
  const { data: stores = [] } = useGetList('stores', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  useEffect(() => {
    const store = stores.find((s) => s.id === storeId);
    if (!store) return;
    setValue('catalogId', store.catalogId ?? null, { shouldDirty: true });
    if (store.defaultCurrency && (!getValues('currency') || !(store.currencies ?? []).includes(getValues('currency')))) {
      setValue('currency', store.defaultCurrency, { shouldDirty: true });
    }
  }, [storeId, stores, setValue, getValues]);
  return null;
};

const FreeValues = ({ source, kind, label }: { source: string; kind: string; label: string }) => {
  const suggestions = useConditionSuggestions();
  const values: string[] = useWatch({ name: source }) ?? [];
  const choices = [...new Set([...(suggestions[kind] ?? []), ...values])].map((v) => ({ id: v, name: v }));
  return (
    <AutocompleteArrayInput
      source={source}
      label={label}
      choices={choices}
      onCreate={(v) => ({ id: v ?? '', name: v ?? '' })}
      sx={{ minWidth: 260, flex: '1 1 260px' }}
    />
  );
};

const productText = (r: any) => (r ? `${r.name} (${r.code})` : '');

const PreviewForm = () => {
  const translate = useTranslate();
  const { choices: currencies } = useCurrencyChoices();
  return (
    <Stack sx={{ width: '100%' }}>
      <StoreDefaults />
      <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('resources.pricing-preview.where')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <ReferenceInput source="storeId" reference="stores" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
          <SelectInput optionText="name" label="resources.pricing-preview.fields.storeId" emptyText="resources.price-list-assignments.any_store" sx={{ width: 260, maxWidth: '100%' }} />
        </ReferenceInput>
        <ReferenceInput source="catalogId" reference="catalogs" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
          <SelectInput optionText="name" label="resources.pricing-preview.fields.catalogId" emptyText="resources.price-list-assignments.any_catalog" sx={{ width: 260, maxWidth: '100%' }} />
        </ReferenceInput>
        <SelectInput source="currency" label="resources.pricing-preview.fields.currency" choices={currencies} validate={required()} sx={{ width: 220, maxWidth: '100%' }} />
        <DateTimeInput source="date" label="resources.pricing-preview.fields.date" parse={toUtcIso} helperText="resources.pricing-preview.date_help" />
      </Stack>
      <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('resources.pricing-preview.who')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
        <ReferenceInput source="customerId" reference="contacts">
          <AutocompleteInput
            optionText={(r: any) => r?.fullName ?? r?.name ?? r?.id}
            filterToQuery={(q) => ({ q })}
            label="resources.pricing-preview.fields.customerId"
            helperText="resources.pricing-preview.customer_help"
            sx={{ minWidth: 280, flex: '1 1 280px' }}
          />
        </ReferenceInput>
        <FreeValues source="userGroups" kind="userGroup" label="resources.pricing-preview.fields.userGroups" />
        <FreeValues source="tags" kind="customerTag" label="resources.pricing-preview.fields.tags" />
        <TextInput source="country" label="resources.pricing-preview.fields.country" parse={(v: string) => (v ? v.toUpperCase() : v)} sx={{ width: 140 }} />
      </Stack>
      <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('resources.pricing-preview.what')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, alignItems: 'flex-start' }}>
        <ReferenceArrayInput source="productIds" reference="products" perPage={20}>
          <AutocompleteArrayInput
            optionText={productText}
            filterToQuery={(q) => ({ q })}
            label="resources.pricing-preview.fields.productIds"
            validate={required()}
            sx={{ minWidth: 320, flex: '3 1 320px' }}
          />
        </ReferenceArrayInput>
        <NumberInput source="quantity" label="resources.pricing-preview.fields.quantity" min={1} step={1} validate={[required(), wholeAtLeastOne]} sx={{ width: 140 }} />
      </Stack>
      <Box>
        <SaveButton label="resources.pricing-preview.evaluate" icon={<CalculateIcon />} alwaysEnable />
      </Box>
    </Stack>
  );
};

const TierTable = ({ item, quantity }: { item: EvaluatedPrice; quantity: number }) => {
  const translate = useTranslate();
  const money = useMoney();
  const applying = [...item.tiers].filter((t) => t.minQuantity <= quantity).sort((a, b) => b.minQuantity - a.minQuantity)[0];
  return (
    <Table size="small" data-testid="preview-tiers">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.prices.fields.minQuantity')}</TableCell>
          <TableCell align="right">{translate('resources.prices.fields.list')}</TableCell>
          <TableCell align="right">{translate('resources.prices.fields.sale')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {item.tiers.map((t) => (
          <TableRow key={t.minQuantity} selected={t === applying}>
            <TableCell>{translate('resources.prices.tier', { n: t.minQuantity })}</TableCell>
            <TableCell align="right">{money(t.list, item.currency)}</TableCell>
            <TableCell align="right">{t.sale == null ? '—' : money(t.sale, item.currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const ExplanationTable = ({ rows, names }: { rows: Explanation[]; names: { assignment: (id: string) => string; list: (id: string) => string } }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="preview-explanation">
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.pricing-preview.assignment')}</TableCell>
            <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate('resources.prices.fields.priceListId')}</TableCell>
            <TableCell align="right">{translate('resources.price-list-assignments.fields.priority')}</TableCell>
            <TableCell>{translate('resources.pricing-preview.outcome')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((e) => (
            <TableRow key={e.assignmentId} data-outcome={e.outcome}>
              <TableCell>{names.assignment(e.assignmentId)}</TableCell>
              <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{names.list(e.priceListId)}</TableCell>
              <TableCell align="right">{e.priority}</TableCell>
              <TableCell>
                <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
                  <Chip size="small" color={OUTCOME_COLOR[e.outcome] ?? 'default'} variant={e.outcome === 'won' ? 'filled' : 'outlined'} label={translate(`resources.pricing-preview.outcomes.${e.outcome}`, { _: e.outcome })} />
                  {e.outcome === 'won' ? null : (
                    <Typography variant="caption" color="text.secondary">
                      {translate(`resources.pricing-preview.reasons.${e.outcome}`, { _: '' })}
                    </Typography>
                  )}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const outcomeRank = (o: string) => (o === 'won' ? 0 : o === 'priority' ? 1 : o === 'noPrice' ? 2 : 3);

const Results = ({ items, request }: { items: EvaluatedPrice[]; request: { productIds: string[]; quantity: number } }) => {
  const translate = useTranslate();
  const money = useMoney();
  const { data: products = [] } = useGetMany('products', { ids: request.productIds });
  const { data: lists = [] } = useGetList('price-lists', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  const { data: assignments = [] } = useGetList('price-list-assignments', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  const product = (id: string) => products.find((p) => p.id === id);
  const listName = (id: string) => {
    const l = lists.find((x) => x.id === id);
    return l ? `${l.name} (${l.currency})` : id;
  };
  const assignmentName = (id: string) => assignments.find((x) => x.id === id)?.name ?? id;
  return (
    <Stack spacing={2} data-testid="preview-results">
      {request.productIds.map((pid) => {
        const item = items.find((i) => i.productId === pid);
        const p = product(pid);
        return (
          <Card key={pid} variant="outlined" data-testid={`preview-item-${pid}`}>
            <CardContent>
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ justifyContent: 'space-between' }}>
                <Box sx={{ minWidth: 0 }}>
                  <Typography variant="subtitle1" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                    {p?.name ?? pid}
                  </Typography>
                  <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                    {p?.code}
                  </Typography>
                </Box>
                {item ? (
                  <Box sx={{ textAlign: { sm: 'right' } }} data-testid="preview-price">
                    {item.sale != null ? (
                      <>
                        <Typography variant="h5" component="span" color="error.main" sx={{ fontWeight: 600 }}>
                          {money(item.sale, item.currency)}
                        </Typography>{' '}
                        <Typography component="span" color="text.secondary" sx={{ textDecoration: 'line-through' }}>
                          {money(item.list, item.currency)}
                        </Typography>
                      </>
                    ) : (
                      <Typography variant="h5" component="span" sx={{ fontWeight: 600 }}>
                        {money(item.list, item.currency)}
                      </Typography>
                    )}
                    <Typography variant="body2" color="text.secondary" data-testid="preview-winner">
                      {translate('resources.pricing-preview.from_list', { list: listName(item.priceListId), assignment: assignmentName(item.assignmentId) })}
                    </Typography>
                  </Box>
                ) : (
                  <Chip color="warning" label={translate('resources.pricing-preview.no_price')} data-testid="preview-no-price" />
                )}
              </Stack>
              {item?.priceProductId && item.priceProductId !== pid ? (
                <Alert severity="info" sx={{ mt: 1 }}>
                  {translate('resources.pricing-preview.main_product_price', { name: product(item.priceProductId)?.name ?? item.priceProductId })}
                </Alert>
              ) : null}
              {item ? (
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ mt: 2 }} divider={<Divider orientation="vertical" flexItem />}>
                  <Box sx={{ flex: '1 1 240px', minWidth: 0 }}>
                    <Typography variant="subtitle2" gutterBottom>
                      {translate('resources.pricing-preview.tiers')}
                    </Typography>
                    <TierTable item={item} quantity={request.quantity} />
                  </Box>
                  <Box sx={{ flex: '2 1 360px', minWidth: 0 }}>
                    <Typography variant="subtitle2" gutterBottom>
                      {translate('resources.pricing-preview.why')}
                    </Typography>
                    <ExplanationTable rows={[...(item.explanation ?? [])].sort((a, b) => outcomeRank(a.outcome) - outcomeRank(b.outcome) || b.priority - a.priority)} names={{ assignment: assignmentName, list: listName }} />
                  </Box>
                </Stack>
              ) : (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  {translate('resources.pricing-preview.no_price_help')}
                </Typography>
              )}
            </CardContent>
          </Card>
        );
      })}
    </Stack>
  );
};

export const PricePreview = () => {
  const translate = useTranslate();
  // The product editor links here with ?productId=...
  const [params] = useSearchParams();
  const preset = params.get('productId');
  const evaluate = useMutation({
    mutationFn: async (values: PreviewInput) => {
      const body = evaluationRequest(values);
      const { json } = await api<{ items: EvaluatedPrice[] }>('/pricing/evaluate', { method: 'POST', body });
      return { items: json.items ?? [], request: { productIds: (body.productIds as string[]) ?? [], quantity: body.quantity as number } };
    },
  });
  const error = evaluate.error as any;
  return (
    <ResourceContextProvider value="pricing-preview">
      <Box sx={{ mt: 1 }} data-testid="price-preview">
        <Title title={translate('resources.pricing-preview.name')} />
        <Card>
          <CardContent>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {translate('resources.pricing-preview.intro')}
            </Typography>
            <Form defaultValues={{ quantity: 1, currency: 'USD', productIds: preset ? [preset] : [], userGroups: [], tags: [] }} onSubmit={(v: Record<string, unknown>) => evaluate.mutate(v as PreviewInput)}>
              <PreviewForm />
            </Form>
          </CardContent>
        </Card>
        <Box sx={{ mt: 2 }}>
          {error ? (
            <Alert severity="error">{translate(error.message ?? 'ra.notification.http_error', { _: error.message })}</Alert>
          ) : evaluate.data ? (
            <Results items={evaluate.data.items} request={evaluate.data.request} />
          ) : null}
        </Box>
      </Box>
    </ResourceContextProvider>
  );
};
