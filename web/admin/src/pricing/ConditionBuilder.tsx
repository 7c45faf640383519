// The condition builder of a price-list assignment: edits the `conditions` tree (see
// conditions.ts) as nested groups ("all of", "any of", "none of") and leaves (user group,
// country, customer tag, store). The top level is the API's implicit AND. Problems the server
// would reject (empty values, empty groups) block saving and are shown on the node.
import { Alert, Autocomplete, Box, Button, IconButton, MenuItem, Stack, TextField, Tooltip, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { useGetList, useInput, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { useConditionSuggestions } from './common';
import {
  addChild,
  type ConditionNode,
  GROUP_TYPES,
  isGroup,
  LEAF_TYPES,
  MAX_DEPTH,
  newGroup,
  newLeaf,
  normalize,
  type Path,
  pathKey,
  problems,
  removeNode,
  retype,
  updateNode,
} from './conditions';

const validateTree = (value: ConditionNode[] | null | undefined) => (problems(value).length ? 'resources.price-list-assignments.conditions_invalid' : undefined);

interface NodeProps {
  node: ConditionNode;
  path: Path;
  depth: number;
  onChange: (f: (tree: ConditionNode[]) => ConditionNode[]) => void;
  shownProblems: Map<string, string>;
  readOnly?: boolean;
}

const StoreValue = ({ value, onChange, label, error, readOnly }: { value: string; onChange: (v: string) => void; label: string; error?: string; readOnly?: boolean }) => {
  const { data = [] } = useGetList('stores', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, { staleTime: 60_000 });
  const known = data.some((s) => String(s.id) === value);
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={!!error}
      helperText={error}
      slotProps={{ input: { readOnly } }}
      sx={{ minWidth: 220, flex: '1 1 220px' }}
    >
      {!known && value ? <MenuItem value={value}>{value}</MenuItem> : null}
      {data.map((s) => (
        <MenuItem key={s.id} value={String(s.id)}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );
};

const LeafValue = ({ node, onValue, error, readOnly }: { node: ConditionNode; onValue: (v: string) => void; error?: string; readOnly?: boolean }) => {
  const translate = useTranslate();
  const suggestions = useConditionSuggestions();
  const label = translate('resources.price-list-assignments.condition.value');
  if (node.type === 'store') return <StoreValue value={node.value ?? ''} onChange={onValue} label={label} error={error} readOnly={readOnly} />;
  if (node.type === 'country') {
    return (
      <TextField
        size="small"
        label={label}
        value={node.value ?? ''}
        onChange={(e) => onValue(e.target.value.toUpperCase())}
        error={!!error}
        helperText={error ?? translate('resources.price-list-assignments.condition.country_help')}
        slotProps={{ input: { readOnly }, htmlInput: { maxLength: 3 } }}
        sx={{ width: 200 }}
      />
    );
  }
  return (
    <Autocomplete
      freeSolo
      disableClearable
      size="small"
      options={suggestions[node.type] ?? []}
      inputValue={node.value ?? ''}
      onInputChange={(_, v) => onValue(v)}
      readOnly={readOnly}
      sx={{ minWidth: 220, flex: '1 1 220px' }}
      renderInput={(params) => <TextField {...params} label={label} error={!!error} helperText={error} />}
    />
  );
};

const ConditionNodeView = ({ node, path, depth, onChange, shownProblems, readOnly }: NodeProps) => {
  const translate = useTranslate();
  const key = pathKey(path);
  const problem = shownProblems.get(key);
  const remove = readOnly ? null : (
    <Tooltip title={translate('resources.price-list-assignments.condition.remove')}>
      <IconButton size="small" aria-label={translate('resources.price-list-assignments.condition.remove')} onClick={() => onChange((t) => removeNode(t, path))}>
        <DeleteIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
  if (!isGroup(node)) {
    return (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1 }} data-testid={`condition-${key}`}>
        <TextField
          select
          size="small"
          label={translate('resources.price-list-assignments.condition.type')}
          value={node.type}
          onChange={(e) => onChange((t) => updateNode(t, path, (n) => retype(n, e.target.value)))}
          slotProps={{ input: { readOnly } }}
          sx={{ width: 180 }}
        >
          {LEAF_TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              {translate(`resources.price-list-assignments.condition.types.${t}`)}
            </MenuItem>
          ))}
          {(LEAF_TYPES as string[]).includes(node.type) ? null : <MenuItem value={node.type}>{node.type}</MenuItem>}
        </TextField>
        <LeafValue node={node} onValue={(v) => onChange((t) => updateNode(t, path, (n) => ({ ...n, value: v })))} error={problem} readOnly={readOnly} />
        {remove}
      </Stack>
    );
  }
  return (
    <Box
      data-testid={`condition-${key}`}
      sx={{ border: 1, borderColor: problem ? 'error.main' : 'divider', borderRadius: 1, p: 1.5, bgcolor: depth % 2 ? 'action.hover' : 'background.paper' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label={translate('resources.price-list-assignments.condition.group')}
          value={node.type}
          onChange={(e) => onChange((t) => updateNode(t, path, (n) => retype(n, e.target.value)))}
          slotProps={{ input: { readOnly } }}
          sx={{ width: 220 }}
        >
          {GROUP_TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              {translate(`resources.price-list-assignments.condition.groups.${t}`)}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        {remove}
      </Stack>
      {problem ? (
        <Typography variant="caption" color="error" sx={{ display: 'block', mb: 1 }}>
          {problem}
        </Typography>
      ) : null}
      <ChildList nodes={node.conditions ?? []} path={path} depth={depth + 1} onChange={onChange} shownProblems={shownProblems} readOnly={readOnly} />
    </Box>
  );
};

const ChildList = ({ nodes, path, depth, onChange, shownProblems, readOnly }: Omit<NodeProps, 'node'> & { nodes: ConditionNode[] }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={1.5} sx={{ pl: path.length ? 2 : 0 }}>
      {nodes.map((n, i) => (
        <ConditionNodeView key={i} node={n} path={[...path, i]} depth={depth} onChange={onChange} shownProblems={shownProblems} readOnly={readOnly} />
      ))}
      {readOnly ? null : (
        <Stack direction="row" spacing={1}>
          <Button size="small" startIcon={<AddIcon />} onClick={() => onChange((t) => addChild(t, path, newLeaf()))} data-testid={`add-condition-${pathKey(path) || 'root'}`}>
            {translate('resources.price-list-assignments.condition.add_condition')}
          </Button>
          {depth < MAX_DEPTH ? (
            <Button size="small" startIcon={<AccountTreeIcon />} onClick={() => onChange((t) => addChild(t, path, newGroup()))} data-testid={`add-group-${pathKey(path) || 'root'}`}>
              {translate('resources.price-list-assignments.condition.add_group')}
            </Button>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
};

/** The `conditions` input of the assignment form. */
export const ConditionBuilderInput = ({ source = 'conditions', readOnly = false }: { source?: string; readOnly?: boolean }) => {
  const translate = useTranslate();
  const { field } = useInput({ source, defaultValue: [], validate: validateTree, format: (v) => normalize(v), parse: (v) => v });
  const { isSubmitted } = useFormState();
  const tree: ConditionNode[] = Array.isArray(field.value) ? field.value : [];
  const onChange = (f: (t: ConditionNode[]) => ConditionNode[]) => field.onChange(f(tree));
  const shown = new Map<string, string>();
  if (isSubmitted) for (const p of problems(tree)) shown.set(pathKey(p.path), translate(`resources.price-list-assignments.condition.problems.${p.key}`));
  return (
    <Box sx={{ width: '100%', maxWidth: 960 }} data-testid="condition-builder">
      <Typography variant="subtitle1">{translate('resources.price-list-assignments.fields.conditions')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {translate(tree.length ? 'resources.price-list-assignments.condition.all_of' : 'resources.price-list-assignments.condition.everyone')}
      </Typography>
      <ChildList nodes={tree} path={[]} depth={1} onChange={onChange} shownProblems={shown} readOnly={readOnly} />
      {isSubmitted && shown.size ? (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {translate('resources.price-list-assignments.conditions_invalid')}
        </Alert>
      ) : null}
    </Box>
  );
};
