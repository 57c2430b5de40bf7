import type { CreateApiKeyResponse } from '@arena/contracts';
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { createApiKey, fetchApiKeys, revokeApiKey } from '../api/admin-api';
import { useAdminMutation } from '../hooks/use-admin-mutation';
import styles from './admin.module.css';

/** Keys for CRMs and scripts: the secret is shown once, right after creation. */
export function ApiKeysPage() {
  const keys = useQuery({
    queryKey: queryKeys.apiKeys(),
    queryFn: ({ signal }) => fetchApiKeys(signal),
  });
  const create = useAdminMutation(createApiKey, queryKeys.apiKeys());
  const revoke = useAdminMutation(revokeApiKey, queryKeys.apiKeys());
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreateApiKeyResponse | null>(null);
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, ['name']);
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fieldErrors.validate({});
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName('');
        },
      },
    );
  };
  return (
    <section className={styles.section} aria-labelledby="keys-title">
      <title>API keys · Arena</title>
      <h2 id="keys-title">API keys</h2>
      {created ? (
        <div className={styles.secret} role="status">
          <strong>Copy the key for “{created.name}” now: it will not be shown again.</strong>
          <code data-testid="api-key-secret">{created.key}</code>
          <Button variant="secondary" size="small" onClick={() => setCreated(null)}>
            I have copied it
          </Button>
        </div>
      ) : null}
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Create an API key">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : (
          <p className={styles.muted}>
            Send it as <code>Authorization: Bearer &lt;key&gt;</code> to push activities.
          </p>
        )}
        <TextField
          label="Key name"
          hint="Where it will be used, e.g. Salesforce sync"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            fieldErrors.markEdited('name');
          }}
          errors={fieldErrors.errorsFor('name')}
        />
        <Button type="submit" pending={create.isPending}>
          Create key
        </Button>
      </form>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(keys.data ?? []).map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{dateFormat.format(new Date(key.createdAt))}</td>
                <td>{key.lastUsedAt ? dateFormat.format(new Date(key.lastUsedAt)) : 'Never'}</td>
                <td>
                  {key.revokedAt ? (
                    'Revoked'
                  ) : (
                    <Button
                      variant="ghost"
                      size="small"
                      onClick={() => revoke.mutate(key.id)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
