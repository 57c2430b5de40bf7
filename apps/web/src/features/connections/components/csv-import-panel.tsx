import type { ActivityImport, Connection, ImportCheck, MappingRule } from '@arena/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { ProgressBar } from '../../../shared/ui/progress-bar';
import adminStyles from '../../admin/components/admin.module.css';
import { useAdminMutation } from '../../admin/hooks/use-admin-mutation';
import { checkImport, fetchImport, startImport, updateConnection } from '../api/connections-api';
import styles from './connections.module.css';

type CsvImportPanelProps = { connection: Connection };

/** The fields a file's columns are mapped to, in the order people think of them. */
const FIELDS: Array<{ key: keyof MappingRule; label: string; optional?: boolean }> = [
  { key: 'ownerEmailField', label: 'Rep’s email' },
  { key: 'activityTypeField', label: 'Activity type' },
  { key: 'timeField', label: 'When it happened' },
  { key: 'quantityField', label: 'Quantity', optional: true },
  { key: 'idField', label: 'Unique id (externalId)', optional: true },
];

const numbers = new Intl.NumberFormat();

/** The header row's column names, as the server names them (quotes handled; no full parse). */
function headerOf(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((name) => name.trim().replace(/[^A-Za-z0-9_$@-]+/g, '_')).filter(Boolean);
}

/** Upload a CSV of activities: map its columns, preview what counts, import with a progress bar. */
export function CsvImportPanel({ connection }: CsvImportPanelProps) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const rule = connection.mapping[0];
  const [choice, setChoice] = useState<Partial<Record<keyof MappingRule, string>>>({});
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [started, setStarted] = useState<ActivityImport | null>(null);
  const save = useAdminMutation(updateConnection, queryKeys.connection(connection.id));
  const preview = useAdminMutation(checkImport, queryKeys.connection(connection.id));
  const run = useAdminMutation(startImport, queryKeys.connection(connection.id));
  const progress = useQuery({
    queryKey: [...queryKeys.connection(connection.id), 'import', started?.id],
    queryFn: ({ signal }) => fetchImport(connection.id, started!.id, signal),
    enabled: !!started,
    refetchInterval: (query) =>
      query.state.data?.status === 'done' || query.state.data?.status === 'failed' ? false : 500,
  });
  const current = progress.data ?? started;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (!picked) return;
    const text = await picked.text();
    const header = headerOf(text);
    setFile({ name: picked.name, text });
    setColumns(header);
    setCheck(null);
    setStarted(null);
    // What the mapping names already, where the file has it; else a column of the same name.
    setChoice(
      Object.fromEntries(
        FIELDS.map(({ key }) => {
          const named = rule?.[key];
          return [key, typeof named === 'string' && header.includes(named) ? named : ''];
        }),
      ),
    );
  };

  const check_ = () => {
    if (!file || !rule) return;
    const mapping: MappingRule = { ...rule };
    for (const { key } of FIELDS) {
      const column = choice[key];
      if (column) (mapping as unknown as Record<string, string>)[key] = column;
      else if (key !== 'timeField') delete (mapping as unknown as Record<string, unknown>)[key];
    }
    save.mutate(
      { connectionId: connection.id, body: { mapping: [mapping] } },
      {
        onSuccess: () =>
          preview.mutate({ connectionId: connection.id, csv: file.text }, { onSuccess: setCheck }),
      },
    );
  };

  const problems =
    preview.error instanceof ApiRequestError ? (preview.error.body.errors ?? []) : [];
  return (
    <section className={styles.card} aria-labelledby="import-title">
      <h3 id="import-title">Import a file</h3>
      <p className={adminStyles.muted}>
        A CSV with a header row. Every row is checked before anything is stored; a row counts once
        (by its unique id column, or by its cells), so importing a file again changes nothing.
      </p>
      <label className={styles.kindOption}>
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} />
      </label>
      {file ? (
        <div className={adminStyles.form}>
          <p className={adminStyles.muted}>
            {numbers.format(columns.length)} columns found. Which holds what?
          </p>
          {FIELDS.map(({ key, label, optional }) => (
            <label key={key} className={styles.sync}>
              <span>{label}</span>
              <select
                aria-label={label}
                value={choice[key] ?? ''}
                onChange={(e) => setChoice({ ...choice, [key]: e.target.value })}
              >
                <option value="">{optional ? '(none)' : 'Choose a column…'}</option>
                {columns.map((column) => (
                  <option key={column} value={column}>
                    {column}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <Button
            variant="secondary"
            pending={save.isPending || preview.isPending}
            disabled={!choice.timeField || !choice.ownerEmailField}
            onClick={check_}
          >
            Check the file
          </Button>
        </div>
      ) : null}
      {preview.error ? (
        <div role="alert">
          <FormMessage tone="error">{preview.error.message}</FormMessage>
          <ul data-testid="import-problems">
            {problems.slice(0, 20).map((problem) => {
              const [, line, column] = problem.field.split('.');
              return (
                <li key={problem.field}>
                  {line ? `Line ${line}, ${column}: ` : ''}
                  {problem.messages.join('; ')}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {check && !started ? (
        <div className={styles.sync} data-testid="import-preview">
          <strong>
            {numbers.format(check.rows)} rows, all valid.
            {check.unmatched > 0
              ? ` ${numbers.format(check.unmatched)} rows’ owners match no rep: they will wait among the unmatched owners.`
              : ''}
          </strong>
          <div className={adminStyles.tableWrap}>
            <table className={adminStyles.table}>
              <caption className="visually-hidden">The first rows as they would count</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Activity</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">When</th>
                  <th scope="col">Counts for</th>
                </tr>
              </thead>
              <tbody>
                {check.preview.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.activityType}</td>
                    <td>{numbers.format(row.quantity)}</td>
                    <td>{new Date(row.occurredAt).toLocaleString()}</td>
                    <td>{row.rep ? row.rep.name : `Unmatched (${row.owner ?? 'no owner'})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Button
            pending={run.isPending}
            onClick={() =>
              file &&
              run.mutate(
                { connectionId: connection.id, csv: file.text, fileName: file.name },
                { onSuccess: setStarted },
              )
            }
          >
            Import {numbers.format(check.rows)} rows
          </Button>
        </div>
      ) : null}
      {current ? (
        <div className={styles.sync} aria-live="polite">
          <span data-testid="import-status">
            {current.status === 'done'
              ? `Imported: ${numbers.format(current.recorded)} activities recorded, ${numbers.format(current.unmatched)} unmatched.`
              : current.status === 'failed'
                ? `Import failed: ${current.error ?? ''}`
                : `Importing ${file?.name ?? ''}: ${numbers.format(current.processed)} of ${numbers.format(current.rows)} rows`}
          </span>
          <ProgressBar
            fraction={current.rows > 0 ? current.processed / current.rows : 0}
            label="Import"
            done={current.status === 'done'}
          />
        </div>
      ) : null}
    </section>
  );
}
