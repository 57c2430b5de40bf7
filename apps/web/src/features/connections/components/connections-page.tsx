import {
  CONNECTION_KINDS,
  CONNECTION_PRESETS,
  type ConnectionKind,
  type SavedConnection,
} from '@arena/contracts';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import adminStyles from '../../admin/components/admin.module.css';
import { useAdminMutation } from '../../admin/hooks/use-admin-mutation';
import { createConnection } from '../api/connections-api';
import { useConnections } from '../hooks/use-connections';
import { ConnectionCard } from './connection-card';
import styles from './connections.module.css';

/** Every kind; a CSV connection takes files on its own page. */
const OFFERED: ConnectionKind[] = [...CONNECTION_KINDS];

/** Admin → Connections: where activities come from, and how fresh each source is. */
export function ConnectionsPage() {
  const connections = useConnections();
  const create = useAdminMutation(createConnection, queryKeys.connections());
  const [kind, setKind] = useState<ConnectionKind>('hubspot');
  const [name, setName] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [backfillDays, setBackfillDays] = useState('30');
  const [created, setCreated] = useState<SavedConnection | null>(null);
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, ['name', 'credentials', 'settings']);
  const preset = CONNECTION_PRESETS[kind];
  const pull = kind === 'hubspot' || kind === 'pipedrive' || kind === 'salesforce';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fieldErrors.validate({});
    const given = Object.fromEntries(
      Object.entries(credentials).filter(([, value]) => value.trim() !== ''),
    );
    create.mutate(
      {
        name: name.trim() || preset.label,
        kind,
        credentials: given,
        ...(pull ? { settings: { backfillDays: Number(backfillDays) } } : {}),
      },
      {
        onSuccess: (saved) => {
          setCreated(saved);
          setName('');
          setCredentials({});
        },
      },
    );
  };
  return (
    <section className={adminStyles.section} aria-labelledby="connections-title">
      <title>Connections · Arena</title>
      <h2 id="connections-title">Connections</h2>
      <p className={adminStyles.muted}>
        Activities flow in from your CRM by themselves: each record counts once, a reopened deal or
        a deleted call is voided with the reason, and records whose owner matches nobody wait here
        until you link them to a rep.
      </p>
      {created ? (
        <div className={adminStyles.secret} role="status" data-testid="created-connection">
          <strong>“{created.name}” is connected.</strong>
          {created.sync ? <span>Its backfill has started: watch its progress below.</span> : null}
          {created.webhookUrl ? (
            <span>
              Webhook URL: <code>{created.webhookUrl}</code>
            </span>
          ) : null}
          {Object.entries(created.generatedCredentials).map(([field, value]) => (
            <span key={field}>
              {CONNECTION_PRESETS[created.kind].credentials.find((c) => c.name === field)?.label ??
                field}
              : <code>{value}</code> (shown once)
            </span>
          ))}
          <Button variant="secondary" size="small" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      ) : null}
      <form className={adminStyles.form} onSubmit={submit} noValidate aria-label="New connection">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : (
          <p className={adminStyles.muted}>
            Start from a preset: its mapping works without editing. Credentials are stored encrypted
            and never shown again.
          </p>
        )}
        <fieldset className={styles.kinds}>
          <legend>Source</legend>
          {OFFERED.map((option) => (
            <label key={option} className={styles.kindOption}>
              <input
                type="radio"
                name="kind"
                value={option}
                checked={kind === option}
                onChange={() => {
                  setKind(option);
                  setCredentials({});
                }}
              />
              {CONNECTION_PRESETS[option].label}
            </label>
          ))}
        </fieldset>
        <TextField
          label="Name"
          hint={`e.g. ${preset.label} (sales)`}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            fieldErrors.markEdited('name');
          }}
          errors={fieldErrors.errorsFor('name')}
        />
        {preset.credentials
          .filter((field) => !field.generated)
          .map((field) => (
            <TextField
              key={`${kind}-${field.name}`}
              label={field.label}
              hint={field.required ? 'Required' : 'Optional'}
              type="password"
              autoComplete="off"
              value={credentials[field.name] ?? ''}
              onChange={(e) => setCredentials({ ...credentials, [field.name]: e.target.value })}
              errors={fieldErrors.errorsFor(`credentials.${field.name}`)}
            />
          ))}
        {pull ? (
          <TextField
            label="History to backfill (days)"
            type="number"
            min={0}
            max={365}
            value={backfillDays}
            onChange={(e) => setBackfillDays(e.target.value)}
            errors={fieldErrors.errorsFor('settings.backfillDays')}
          />
        ) : null}
        {preset.webhookAuth ? (
          <p className={adminStyles.muted}>Webhooks are verified by {preset.webhookAuth}.</p>
        ) : null}
        <Button type="submit" pending={create.isPending}>
          Connect {preset.label}
        </Button>
      </form>
      <div className={styles.list} aria-live="polite">
        {connections.data?.length === 0 ? (
          <p className={adminStyles.muted}>No connections yet.</p>
        ) : null}
        {(connections.data ?? []).map((connection) => (
          <ConnectionCard key={connection.id} connection={connection} linked />
        ))}
      </div>
    </section>
  );
}
