// The search API's filter language (src/search engine.hpp, ParseFilter) for the facet sidebar:
// `brand:"Acme Inc",Other color:red` — clauses separated by spaces are ANDed, `field:v1,v2` is
// any of, values other than plain words are quoted with \" and \\ escaped, and ranges are
// `field:[from TO to)` (from inclusive, to exclusive; a missing side is open).
export interface FacetValue {
  value: string;
  label?: string;
  count?: number;
  from?: number | string | null;
  to?: number | string | null;
}

export interface Facet {
  name: string;
  type?: 'terms' | 'range' | string;
  values: FacetValue[];
}

/** Selected values per facet name: term values, or range labels for range facets. */
export type Selection = Record<string, string[]>;

export function quoteValue(v: string): string {
  return /^[\p{L}\p{N}_.\-]+$/u.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function rangeClause(field: string, v: FacetValue): string {
  const from = v.from === null || v.from === undefined || v.from === '' ? '*' : String(v.from);
  const to = v.to === null || v.to === undefined || v.to === '' ? '*' : String(v.to);
  return `${field}:[${from} TO ${to})`;
}

/**
 * The `filter` parameter for a selection. Range facets need their values' bounds, looked up in
 * `facets` by label; a selected range the answer no longer lists is dropped.
 */
export function buildFilter(selection: Selection, facets: Facet[] = []): string {
  const clauses: string[] = [];
  for (const [field, values] of Object.entries(selection)) {
    if (!values.length) continue;
    const facet = facets.find((f) => f.name === field);
    if (facet?.type === 'range') {
      const ranges = values
        .map((label) => facet.values.find((v) => v.value === label || v.label === label))
        .filter((v): v is FacetValue => !!v)
        .map((v) => rangeClause(field, v));
      if (ranges.length === 1) clauses.push(ranges[0]);
      else if (ranges.length > 1) clauses.push(`(${ranges.join(' OR ')})`);
    } else {
      clauses.push(`${field}:${values.map(quoteValue).join(',')}`);
    }
  }
  return clauses.join(' ');
}
