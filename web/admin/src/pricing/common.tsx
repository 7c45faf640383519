// Shared pieces of the pricing pages: money formatting, the currency choices (from the
// localization module's currencies), date inputs that send UTC ISO 8601, and the values already
// used in assignment conditions (suggestions for the condition builder and the price preview).
import { useGetList, useLocale } from 'react-admin';
import { localeTag } from '../core/components/format';
import type { ConditionNode } from './conditions';

export const PRICING_READ = 'pricing:read';

/** Formats an exact amount (a JSON number with at most 4 decimals) in its currency. */
export function formatMoney(amount: unknown, currency: string | undefined, locale: string): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  try {
    return new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency: currency || 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

export function useMoney() {
  const locale = useLocale();
  return (amount: unknown, currency?: string) => formatMoney(amount, currency, locale);
}

/** A `datetime-local` value (the browser's time zone) as UTC ISO 8601 without milliseconds. */
export function toUtcIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Empty select values are "none" for the API (null), never an empty string. */
export const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

/** At most 4 decimal places, not negative. */
export function money(v: unknown) {
  if (v === null || v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return 'resources.prices.not_negative';
  if (Math.abs(n * 10000 - Math.round(n * 10000)) > 1e-6) return 'resources.prices.four_decimals';
  return undefined;
}

export function wholeAtLeastOne(v: unknown) {
  if (v === null || v === undefined || v === '') return undefined;
  return Number.isInteger(Number(v)) && Number(v) >= 1 ? undefined : 'resources.prices.min_quantity_rule';
}

/** The active currencies as select choices (`USD — US dollar`). */
export function useCurrencyChoices() {
  const { data = [], isPending } = useGetList('currencies', { pagination: { page: 1, perPage: 200 }, sort: { field: 'code', order: 'ASC' } }, { staleTime: 60_000 });
  return { isPending, choices: data.map((c: any) => ({ id: c.code, name: c.name ? `${c.code} — ${c.name}` : c.code })) };
}

function collect(nodes: ConditionNode[] | undefined, out: Record<string, Set<string>>) {
  for (const n of nodes ?? []) {
    if (n.conditions) collect(n.conditions, out);
    else if (n.value) (out[n.type] ??= new Set()).add(n.value);
  }
}

/** Values already used in assignment conditions, per leaf type (userGroup, customerTag, ...). */
export function useConditionSuggestions(): Record<string, string[]> {
  const { data = [] } = useGetList('price-list-assignments', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } }, { staleTime: 60_000 });
  const out: Record<string, Set<string>> = {};
  for (const a of data) collect(a.conditions, out);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort((a, b) => a.localeCompare(b))]));
}
