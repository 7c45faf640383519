// The category tree of a catalog: expand/collapse, select, drag a category onto another to move
// it there (or onto the top bar to make it a root), create, rename in place, and delete with a
// confirmation that names what a cascading delete would take with it.
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  IconButton,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import FolderIcon from '@mui/icons-material/Folder';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import LinkIcon from '@mui/icons-material/Link';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type FormEvent, useMemo, useRef, useState } from 'react';
import { useCanAccess, useNotify, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { api } from '../core/http';
import { slugify } from './common';

export interface TreeNode {
  id: string;
  code: string;
  name: string;
  isActive?: boolean;
  priority?: number;
  linked?: boolean;
  children?: TreeNode[];
}

export function useCategoryTree(catalogId: string) {
  return useQuery({
    queryKey: ['category-tree', catalogId],
    queryFn: () => api<{ items: TreeNode[] }>(`/catalogs/${encodeURIComponent(catalogId)}/tree`).then((r) => r.json.items ?? []),
    enabled: !!catalogId,
  });
}

function countDescendants(n: TreeNode): number {
  return (n.children ?? []).reduce((s, c) => s + 1 + countDescendants(c), 0);
}

function contains(n: TreeNode, id: string): boolean {
  return n.id === id || (n.children ?? []).some((c) => contains(c, id));
}

function findNode(nodes: TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const f = findNode(n.children ?? [], id);
    if (f) return f;
  }
  return undefined;
}

function pathTo(nodes: TreeNode[], id: string, trail: string[] = []): string[] | null {
  for (const n of nodes) {
    if (n.id === id) return [...trail, n.id];
    const p = pathTo(n.children ?? [], id, [...trail, n.id]);
    if (p) return p;
  }
  return null;
}

/** PATCH a category with If-Match on its current version. */
async function patchCategory(id: string, patch: Record<string, unknown>) {
  const { json } = await api(`/categories/${encodeURIComponent(id)}`);
  return api(`/categories/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: patch,
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${json.version}"` },
  });
}

interface Props {
  catalogId: string;
  selected?: string | null;
  onSelect: (id: string | null) => void;
  readOnly?: boolean;
}

export const CategoryTree = ({ catalogId, selected, onSelect, readOnly = false }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const { data: tree = [], isPending, error } = useCategoryTree(catalogId);
  const { canAccess: canCreate } = useCanAccess({ resource: 'categories', action: 'create' });
  const { canAccess: canUpdate } = useCanAccess({ resource: 'categories', action: 'edit' });
  const { canAccess: canDelete } = useCanAccess({ resource: 'categories', action: 'delete' });
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [dragId, setDragIdState] = useState<string | null>(null);
  // The dragged id is also kept in a ref: dragover events can arrive before React re-renders.
  const dragRef = useRef<string | null>(null);
  const setDragId = (id: string | null) => {
    dragRef.current = id;
    setDragIdState(id);
  };
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parent: TreeNode | null } | null>(null);
  const [deleting, setDeleting] = useState<TreeNode | null>(null);

  const refresh = () => qc.invalidateQueries({ queryKey: ['category-tree', catalogId] });
  const toggle = (id: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const expand = (ids: string[]) => setExpanded((s) => new Set([...s, ...ids]));

  const move = async (id: string, parentId: string | null) => {
    const node = findNode(tree, id);
    if (!node) return;
    if (parentId && contains(node, parentId)) {
      notify('resources.categories.tree.cannot_move_into_itself', { type: 'warning' });
      return;
    }
    try {
      await patchCategory(id, { parentId });
      notify('resources.categories.tree.moved', { type: 'success', messageArgs: { name: node.name } });
      if (parentId) expand([parentId]);
      await refresh();
      qc.invalidateQueries({ queryKey: ['categories'] });
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error' });
    }
  };

  const onDragStart = (e: DragEvent, n: TreeNode) => {
    setDragId(n.id);
    e.dataTransfer.setData('text/plain', n.id);
    e.dataTransfer.effectAllowed = 'move';
  };
  const onDragOver = (e: DragEvent, target: TreeNode | null) => {
    const id = dragRef.current;
    if (!id) return;
    const node = findNode(tree, id);
    if (!node) return;
    if (target && contains(node, target.id)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setDropTarget(target?.id ?? '__root__');
  };
  const onDrop = (e: DragEvent, target: TreeNode | null) => {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/plain') || dragRef.current;
    setDragId(null);
    setDropTarget(null);
    if (id && id !== target?.id) move(id, target?.id ?? null);
  };

  const renderNode = (n: TreeNode, depth: number) => {
    const open = expanded.has(n.id);
    const hasChildren = (n.children?.length ?? 0) > 0;
    const isSel = selected === n.id;
    const isDrop = dropTarget === n.id;
    const draggable = !readOnly && canUpdate && !n.linked;
    return (
      <Box key={n.id} role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-selected={isSel}>
        <Box
          data-testid={`tree-node-${n.code}`}
          draggable={draggable}
          onDragStart={(e) => onDragStart(e, n)}
          onDragEnd={() => {
            setDragId(null);
            setDropTarget(null);
          }}
          onDragOver={(e) => onDragOver(e, n)}
          onDragLeave={() => setDropTarget((t) => (t === n.id ? null : t))}
          onDrop={(e) => onDrop(e, n)}
          onClick={() => onSelect(n.id)}
          sx={{
            display: 'flex',
            alignItems: 'center',
            pl: 0.5 + depth * 2,
            pr: 0.5,
            py: 0.25,
            borderRadius: 1,
            cursor: 'pointer',
            bgcolor: isDrop ? 'secondary.light' : isSel ? 'action.selected' : undefined,
            outline: isDrop ? '2px dashed' : undefined,
            outlineColor: 'secondary.main',
            '&:hover': { bgcolor: isDrop ? 'secondary.light' : isSel ? 'action.selected' : 'action.hover' },
            '&:hover .tree-actions': { opacity: 1 },
            opacity: dragId === n.id ? 0.5 : 1,
          }}
        >
          <IconButton
            size="small"
            sx={{ visibility: hasChildren ? 'visible' : 'hidden', p: 0.25 }}
            onClick={(e) => {
              e.stopPropagation();
              toggle(n.id);
            }}
            aria-label={translate('ra.action.expand')}
          >
            {open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
          </IconButton>
          {open ? <FolderOpenIcon fontSize="small" sx={{ color: 'secondary.main', mx: 0.5 }} /> : <FolderIcon fontSize="small" sx={{ color: 'secondary.main', mx: 0.5 }} />}
          {renaming === n.id ? (
            <RenameField
              node={n}
              onDone={async (name) => {
                setRenaming(null);
                if (name && name !== n.name) {
                  try {
                    await patchCategory(n.id, { name });
                    notify('ra.notification.updated', { type: 'success', messageArgs: { smart_count: 1 } });
                    refresh();
                  } catch (e: any) {
                    notify(e?.message ?? 'ra.notification.http_error', { type: 'error' });
                  }
                }
              }}
            />
          ) : (
            <Box sx={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'baseline', gap: 1 }}>
              <Typography variant="body2" noWrap sx={{ fontWeight: isSel ? 600 : 400 }}>
                {n.name}
              </Typography>
              <Typography variant="caption" color="text.secondary" noWrap sx={{ display: { xs: 'none', sm: 'inline' } }}>
                {n.code}
              </Typography>
              {n.isActive === false ? <Chip size="small" label={translate('resources.categories.inactive')} sx={{ height: 18 }} /> : null}
              {n.linked ? <LinkIcon fontSize="inherit" color="action" /> : null}
            </Box>
          )}
          {!readOnly && renaming !== n.id ? (
            <Box className="tree-actions" sx={{ display: 'flex', opacity: { xs: 1, md: isSel ? 1 : 0 }, transition: 'opacity .15s' }} onClick={(e) => e.stopPropagation()}>
              {canCreate && !n.linked ? (
                <Tooltip title={translate('resources.categories.tree.add_child')}>
                  <IconButton size="small" onClick={() => setCreating({ parent: n })} aria-label={translate('resources.categories.tree.add_child')}>
                    <AddIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              ) : null}
              {canUpdate && !n.linked ? (
                <Tooltip title={translate('app.common.rename')}>
                  <IconButton size="small" onClick={() => setRenaming(n.id)} aria-label={translate('app.common.rename')}>
                    <EditIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              ) : null}
              {!n.linked ? (
                <Tooltip title={translate('ra.action.edit')}>
                  <IconButton size="small" component={Link} to={`/categories/${encodeURIComponent(n.id)}`} aria-label={translate('ra.action.edit')}>
                    <OpenInNewIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              ) : null}
              {canDelete && !n.linked ? (
                <Tooltip title={translate('ra.action.delete')}>
                  <IconButton size="small" onClick={() => setDeleting(n)} aria-label={translate('ra.action.delete')}>
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              ) : null}
            </Box>
          ) : null}
        </Box>
        {open && hasChildren ? <Box role="group">{n.children!.map((c) => renderNode(c, depth + 1))}</Box> : null}
      </Box>
    );
  };

  const allIds = useMemo(() => {
    const ids: string[] = [];
    const walk = (ns: TreeNode[]) => ns.forEach((n) => (n.children?.length ? (ids.push(n.id), walk(n.children)) : undefined));
    walk(tree);
    return ids;
  }, [tree]);

  return (
    <Box data-testid="category-tree">
      <Box
        onDragOver={(e) => onDragOver(e, null)}
        onDragLeave={() => setDropTarget((t) => (t === '__root__' ? null : t))}
        onDrop={(e) => onDrop(e, null)}
        onClick={() => onSelect(null)}
        data-testid="tree-root"
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1,
          px: 1,
          py: 0.75,
          mb: 0.5,
          borderRadius: 1,
          cursor: 'pointer',
          bgcolor: dropTarget === '__root__' ? 'secondary.light' : selected ? undefined : 'action.selected',
          outline: dropTarget === '__root__' ? '2px dashed' : undefined,
          outlineColor: 'secondary.main',
        }}
      >
        <Typography variant="body2" sx={{ flex: 1, fontWeight: 500 }}>
          {dragId ? translate('resources.categories.tree.drop_root') : translate('resources.categories.tree.all')}
        </Typography>
        {!readOnly && canCreate ? (
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={(e) => {
              e.stopPropagation();
              setCreating({ parent: null });
            }}
          >
            {translate('resources.categories.tree.add_root')}
          </Button>
        ) : null}
        <Button
          size="small"
          onClick={(e) => {
            e.stopPropagation();
            setExpanded(expanded.size ? new Set() : new Set(allIds));
          }}
        >
          {translate(expanded.size ? 'resources.categories.tree.collapse_all' : 'resources.categories.tree.expand_all')}
        </Button>
      </Box>
      {error ? <Alert severity="error">{translate((error as Error).message, { _: (error as Error).message })}</Alert> : null}
      {isPending ? (
        <Box sx={{ p: 2, textAlign: 'center' }}>
          <CircularProgress size={24} />
        </Box>
      ) : tree.length === 0 ? (
        <Typography color="text.secondary" variant="body2" sx={{ p: 2 }}>
          {translate('resources.categories.tree.empty')}
        </Typography>
      ) : (
        <Box role="tree">{tree.map((n) => renderNode(n, 0))}</Box>
      )}
      {creating ? (
        <CreateCategoryDialog
          catalogId={catalogId}
          parent={creating.parent}
          onClose={async (created) => {
            setCreating(null);
            if (created) {
              if (creating.parent) expand(pathTo(tree, creating.parent.id) ?? [creating.parent.id]);
              await refresh();
              onSelect(created);
            }
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteCategoryDialog
          node={deleting}
          onClose={async (deleted) => {
            setDeleting(null);
            if (deleted) {
              if (selected && contains(deleting, selected)) onSelect(null);
              await refresh();
              qc.invalidateQueries({ queryKey: ['products'] });
            }
          }}
        />
      ) : null}
    </Box>
  );
};

const RenameField = ({ node, onDone }: { node: TreeNode; onDone: (name: string | null) => void }) => {
  const [value, setValue] = useState(node.name);
  return (
    <Box
      component="form"
      sx={{ flex: 1 }}
      onClick={(e) => e.stopPropagation()}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onDone(value.trim());
      }}
    >
      <TextField
        size="small"
        variant="standard"
        autoFocus
        fullWidth
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => onDone(value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone(null);
        }}
        slotProps={{ htmlInput: { 'data-testid': 'rename-input' } }}
      />
    </Box>
  );
};

const CreateCategoryDialog = ({ catalogId, parent, onClose }: { catalogId: string; parent: TreeNode | null; onClose: (createdId?: string) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [codeTouched, setCodeTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const { json } = await api('/categories', {
        method: 'POST',
        body: { catalogId, parentId: parent?.id ?? null, name: name.trim(), code: code.trim() || slugify(name) },
      });
      notify('ra.notification.created', { type: 'success' });
      onClose(json.id);
    } catch (err: any) {
      const fe = err?.body?.errors as Record<string, string> | undefined;
      if (fe && Object.keys(fe).length) setErrors(fe);
      else notify(err?.message ?? 'ra.notification.http_error', { type: 'error' });
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => onClose()} fullWidth maxWidth="xs">
      <Box component="form" onSubmit={submit}>
        <DialogTitle>
          {parent ? translate('resources.categories.tree.new_under', { name: parent.name }) : translate('resources.categories.tree.new_root')}
        </DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label={translate('resources.categories.fields.name')}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (!codeTouched) setCode(slugify(e.target.value));
            }}
            error={!!errors.name}
            helperText={errors.name}
            slotProps={{ htmlInput: { 'data-testid': 'new-category-name' } }}
            required
          />
          <TextField
            fullWidth
            margin="dense"
            label={translate('resources.categories.fields.code')}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setCodeTouched(true);
            }}
            error={!!errors.code}
            helperText={errors.code}
            slotProps={{ htmlInput: { 'data-testid': 'new-category-code' } }}
            required
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
            {translate('ra.action.create')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
};

const DeleteCategoryDialog = ({ node, onClose }: { node: TreeNode; onClose: (deleted: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const subcategories = countDescendants(node);
  const { data: products, isPending } = useQuery({
    queryKey: ['category-product-count', node.id],
    queryFn: () =>
      api<{ total: number }>(`/products?categoryId=${encodeURIComponent(node.id)}&includeDescendants=true&limit=1`).then((r) => r.json.total ?? 0),
  });
  const cascade = subcategories > 0 || (products ?? 0) > 0;
  const remove = async () => {
    setBusy(true);
    try {
      const { json } = await api(`/categories/${encodeURIComponent(node.id)}`);
      await api(`/categories/${encodeURIComponent(node.id)}${cascade ? '?cascade=true' : ''}`, {
        method: 'DELETE',
        headers: { 'If-Match': `"${json.version}"` },
      });
      notify('ra.notification.deleted', { type: 'success', messageArgs: { smart_count: 1 } });
      onClose(true);
    } catch (e: any) {
      notify(e?.message ?? 'ra.notification.http_error', { type: 'error' });
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="xs">
      <DialogTitle>{translate('resources.categories.tree.delete_title', { name: node.name })}</DialogTitle>
      <DialogContent>
        {isPending ? (
          <CircularProgress size={20} />
        ) : cascade ? (
          <Alert severity="warning" data-testid="cascade-warning">
            {translate('resources.categories.tree.cascade_warning', { subcategories, products: products ?? 0 })}
          </Alert>
        ) : (
          <DialogContentText>{translate('resources.categories.tree.delete_empty')}</DialogContentText>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('ra.action.cancel')}</Button>
        <Button color="error" variant="contained" disabled={busy || isPending} onClick={remove} data-testid="confirm-delete">
          {translate(cascade ? 'resources.categories.tree.delete_all' : 'ra.action.delete')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
