// The condition tree of a price-list assignment, as the API takes it (pricing README): a group
// `{"type": "and"|"or"|"not", "conditions": [...]}` or a leaf `{"type": "userGroup"|"country"|
// "customerTag"|"store", "value": "..."}`. The top-level list is an implicit AND; empty means
// everyone. Pure functions on the tree, addressed by paths of child indexes.
export type GroupType = 'and' | 'or' | 'not';
export type LeafType = 'userGroup' | 'country' | 'customerTag' | 'store';

export interface ConditionNode {
  type: GroupType | LeafType | string;
  value?: string;
  conditions?: ConditionNode[];
}

export const GROUP_TYPES: GroupType[] = ['and', 'or', 'not'];
export const LEAF_TYPES: LeafType[] = ['userGroup', 'country', 'customerTag', 'store'];
/** The server's limit (kMaxConditionDepth counts the top level as 1). */
export const MAX_DEPTH = 8;

export const isGroup = (n: ConditionNode) => (GROUP_TYPES as string[]).includes(n.type);

export type Path = number[];

/** A copy of `tree` with the children list at `path` replaced by `f(list)`. */
export function updateChildren(tree: ConditionNode[], path: Path, f: (list: ConditionNode[]) => ConditionNode[]): ConditionNode[] {
  if (path.length === 0) return f(tree);
  const [head, ...rest] = path;
  return tree.map((n, i) => (i === head ? { ...n, conditions: updateChildren(n.conditions ?? [], rest, f) } : n));
}

/** A copy of `tree` with the node at `path` replaced by `f(node)`. */
export function updateNode(tree: ConditionNode[], path: Path, f: (n: ConditionNode) => ConditionNode): ConditionNode[] {
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1];
  return updateChildren(tree, parent, (list) => list.map((n, i) => (i === idx ? f(n) : n)));
}

export function removeNode(tree: ConditionNode[], path: Path): ConditionNode[] {
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1];
  return updateChildren(tree, parent, (list) => list.filter((_, i) => i !== idx));
}

export function addChild(tree: ConditionNode[], path: Path, node: ConditionNode): ConditionNode[] {
  return updateChildren(tree, path, (list) => [...list, node]);
}

/** Changes a node's type: a group keeps its children, a leaf its value (a leaf turned into a
 * group becomes its first child). */
export function retype(n: ConditionNode, type: string): ConditionNode {
  if ((GROUP_TYPES as string[]).includes(type)) return { type, conditions: isGroup(n) ? (n.conditions ?? []) : [n] };
  return { type, value: isGroup(n) ? '' : (n.value ?? '') };
}

export const newLeaf = (): ConditionNode => ({ type: 'userGroup', value: '' });
export const newGroup = (): ConditionNode => ({ type: 'or', conditions: [newLeaf()] });

/** Drops keys the API does not know (and undefined ones), so a saved tree compares equal. */
export function normalize(tree: ConditionNode[] | null | undefined): ConditionNode[] {
  return (tree ?? []).map((n) => (isGroup(n) ? { type: n.type, conditions: normalize(n.conditions) } : { type: n.type, value: n.value ?? '' }));
}

export interface ConditionProblem {
  path: Path;
  key: 'empty_value' | 'empty_group' | 'too_deep' | 'country_code';
}

/** What the server would reject, found before saving (same rules as pricing's domain/rules). */
export function problems(tree: ConditionNode[] | null | undefined, path: Path = [], depth = 1): ConditionProblem[] {
  const out: ConditionProblem[] = [];
  (tree ?? []).forEach((n, i) => {
    const at = [...path, i];
    if (isGroup(n)) {
      if (depth + 1 > MAX_DEPTH) out.push({ path: at, key: 'too_deep' });
      if (!n.conditions?.length) out.push({ path: at, key: 'empty_group' });
      out.push(...problems(n.conditions, at, depth + 1));
    } else if (!n.value?.trim()) {
      out.push({ path: at, key: 'empty_value' });
    } else if (n.type === 'country' && !/^[A-Za-z]{2,3}$/.test(n.value.trim())) {
      out.push({ path: at, key: 'country_code' });
    }
  });
  return out;
}

export const pathKey = (p: Path) => p.join('.');

/** A one-line reading of the tree ("userGroup = Wholesale AND (country = DE OR country = AT)"). */
export function summarize(tree: ConditionNode[] | null | undefined, label: (type: string) => string, joiner = 'AND'): string {
  const parts = (tree ?? []).map((n) => {
    if (!isGroup(n)) return `${label(n.type)} = ${n.value}`;
    const inner = summarize(n.conditions, label, n.type === 'or' ? 'OR' : 'AND');
    return n.type === 'not' ? `NOT (${inner})` : `(${inner})`;
  });
  return parts.join(` ${joiner} `);
}
