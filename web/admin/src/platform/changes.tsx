// The change history of everything (GET /api/v1/changes), filterable by record kind, record id,
// user and operation.
import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { DataTable, DateField, FunctionField, List, TextInput, useRecordContext } from 'react-admin';
import { changeWhat, changeWho, entityLabel, operationLabel } from '../core/components/HistoryPanel';

const filters = [
  <TextInput key="entityType" source="entityType" alwaysOn />,
  <TextInput key="entityId" source="entityId" />,
  <TextInput key="actor" source="actor" />,
  <TextInput key="operation" source="operation" />,
];

const Kind = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  return r ? <span title={r.entityType}>{entityLabel(translate, r.entityType)}</span> : null;
};

const Operation = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const w = changeWhat(r as any);
  return <Chip size="small" variant="outlined" label={operationLabel(translate, w)} color={w.includes('creat') ? 'success' : w.includes('delet') ? 'error' : 'default'} />;
};

export const ChangeList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} perPage={50} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="at" disableSort>
        <DateField source="at" showTime />
      </DataTable.Col>
      <DataTable.Col source="actor" disableSort>
        <FunctionField render={(r: any) => changeWho(r)} />
      </DataTable.Col>
      <DataTable.Col source="entityType" disableSort>
        <Kind />
      </DataTable.Col>
      <DataTable.Col source="operation" disableSort>
        <Operation />
      </DataTable.Col>
      <DataTable.Col
        source="entityId"
        disableSort
        sx={{ display: { xs: 'none', md: 'table-cell' } }}
        cellSx={() => ({ fontFamily: 'monospace', fontSize: 12 })}
      />
    </DataTable>
  </List>
);
