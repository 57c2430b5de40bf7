import { CONNECTION_PRESETS, type UnmatchedOwner } from '@arena/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import adminStyles from '../../admin/components/admin.module.css';
import { useAdminMutation } from '../../admin/hooks/use-admin-mutation';
import { useUsers } from '../../admin/hooks/use-users';
import { fetchDeliveries, fetchUnmatched, linkOwner, replayDelivery } from '../api/connections-api';
import { useConnection } from '../hooks/use-connections';
import { ConnectionCard } from './connection-card';
import { CsvImportPanel } from './csv-import-panel';
import styles from './connections.module.css';
import { timeAgo } from './time-ago';

const numbers = new Intl.NumberFormat();

/** One connection: its mapping, the owners waiting for a rep, and every delivery received. */
export function ConnectionDetailPage() {
  const { connectionId = '' } = useParams();
  const connection = useConnection(connectionId);
  const busy = !!connection.data && connection.data.health.queued > 0;
  const deliveries = useQuery({
    queryKey: queryKeys.connectionDeliveries(connectionId),
    queryFn: ({ signal }) => fetchDeliveries(connectionId, signal),
    refetchInterval: busy || connection.data?.sync?.running ? 2000 : 15_000,
  });
  const unmatched = useQuery({
    queryKey: queryKeys.connectionUnmatched(connectionId),
    queryFn: ({ signal }) => fetchUnmatched(connectionId, signal),
    refetchInterval: 5000,
  });
  const replay = useAdminMutation(replayDelivery, queryKeys.connection(connectionId));
  if (connection.isPending) return <p className={adminStyles.muted}>Loading…</p>;
  if (!connection.data)
    return <FormMessage tone="error">This connection was not found.</FormMessage>;
  const { data } = connection;
  return (
    <section className={adminStyles.section} aria-labelledby="connection-title">
      <title>{`${data.name} · Connections · Arena`}</title>
      <p>
        <Link to="..">← All connections</Link>
      </p>
      <h2 id="connection-title">{data.name}</h2>
      <ConnectionCard connection={data} />
      {data.webhookUrl ? (
        <div className={styles.url}>
          <span>Webhook URL:</span>
          <code data-testid="webhook-url">{data.webhookUrl}</code>
          <span className={adminStyles.muted}>
            Verified by {CONNECTION_PRESETS[data.kind].webhookAuth}.
          </span>
        </div>
      ) : null}

      {data.kind === 'csv' ? <CsvImportPanel connection={data} /> : null}

      <h3>Owners who match no rep</h3>
      <UnmatchedOwners connectionId={connectionId} owners={unmatched.data ?? []} />

      <h3>Mapping</h3>
      <div className={adminStyles.tableWrap}>
        <table className={adminStyles.table}>
          <caption className="visually-hidden">Mapping rules</caption>
          <thead>
            <tr>
              <th scope="col">Records</th>
              <th scope="col">Count as</th>
              <th scope="col">When</th>
              <th scope="col">Quantity</th>
              <th scope="col">Time</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {data.mapping.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.object === '*' ? 'Every record' : rule.object}</th>
                <td>
                  {rule.activityTypeField
                    ? `the type in ${rule.activityTypeField} (else ${rule.activityType})`
                    : rule.activityType}
                </td>
                <td>
                  {(rule.where ?? [])
                    .map((c) =>
                      c.in
                        ? `${c.field} is ${c.in.join(' or ')}`
                        : `${c.field} ${c.exists ? 'is set' : 'is empty'}`,
                    )
                    .join('; ') || 'Always'}
                </td>
                <td>{rule.quantityField ?? '1 each'}</td>
                <td>{rule.timeField}</td>
                <td>{[rule.ownerIdField, rule.ownerEmailField].filter(Boolean).join(', then ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Delivery log</h3>
      <div className={adminStyles.tableWrap}>
        <table className={adminStyles.table}>
          <caption className="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Status</th>
              <th scope="col">Records</th>
              <th scope="col">Recorded</th>
              <th scope="col">Voided</th>
              <th scope="col">Unmatched</th>
              <th scope="col">Ignored</th>
              <th scope="col">Error</th>
              <th scope="col">
                <span className="visually-hidden">Replay</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(deliveries.data?.items ?? []).map((delivery) => (
              <tr key={delivery.id}>
                <td title={delivery.receivedAt}>{timeAgo(delivery.receivedAt)}</td>
                <td
                  className={`${styles.status} ${delivery.status === 'failed' ? styles.failing : delivery.status === 'processed' ? styles.ok : styles.waiting}`}
                >
                  {delivery.status}
                </td>
                <td>{numbers.format(delivery.records)}</td>
                <td>{numbers.format(delivery.recorded)}</td>
                <td>{numbers.format(delivery.voided)}</td>
                <td>{numbers.format(delivery.unmatched)}</td>
                <td>{numbers.format(delivery.ignored)}</td>
                <td className={styles.error}>{delivery.error ?? ''}</td>
                <td>
                  <Button
                    variant="ghost"
                    size="small"
                    onClick={() => replay.mutate({ connectionId, deliveryId: delivery.id })}
                  >
                    Replay
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.data?.total === 0 ? (
          <p className={adminStyles.muted}>Nothing received yet.</p>
        ) : null}
      </div>
    </section>
  );
}

type UnmatchedOwnersProps = { connectionId: string; owners: UnmatchedOwner[] };

/** Each CRM owner Arena cannot place, with what their records would count, and a rep to link. */
function UnmatchedOwners({ connectionId, owners }: UnmatchedOwnersProps) {
  const users = useUsers();
  const link = useAdminMutation(linkOwner, queryKeys.connection(connectionId));
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [linked, setLinked] = useState<string | null>(null);
  const reps = (users.data?.items ?? []).filter((user) => user.active && user.competes);
  if (owners.length === 0)
    return (
      <p className={adminStyles.muted} data-testid="no-unmatched">
        Every record’s owner matches a rep.{linked ? ` ${linked}` : ''}
      </p>
    );
  return (
    <div className={adminStyles.tableWrap}>
      {linked ? <FormMessage tone="info">{linked}</FormMessage> : null}
      {link.error ? (
        <FormMessage tone="error">{formErrorMessage(link.error, []) ?? 'Not linked.'}</FormMessage>
      ) : null}
      <table className={adminStyles.table}>
        <caption className="visually-hidden">Unmatched owners</caption>
        <thead>
          <tr>
            <th scope="col">CRM owner</th>
            <th scope="col">Records</th>
            <th scope="col">Would count</th>
            <th scope="col">Between</th>
            <th scope="col">Link to rep</th>
          </tr>
        </thead>
        <tbody>
          {owners.map((owner) => {
            const key = owner.ownerId ?? owner.ownerEmail ?? '';
            const label =
              owner.ownerId && owner.ownerEmail
                ? `${owner.ownerEmail} (CRM user ${owner.ownerId})`
                : (owner.ownerEmail ?? `CRM user ${owner.ownerId}`);
            return (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{numbers.format(owner.records)}</td>
                <td>
                  {owner.byType
                    .map((type) => `${numbers.format(type.quantity)} ${type.activityType}`)
                    .join(', ')}
                </td>
                <td>
                  {new Date(owner.firstAt).toLocaleDateString()} –{' '}
                  {new Date(owner.lastAt).toLocaleDateString()}
                </td>
                <td>
                  <div className={styles.actions}>
                    <select
                      aria-label={`Rep for ${label}`}
                      value={choice[key] ?? ''}
                      onChange={(e) => setChoice({ ...choice, [key]: e.target.value })}
                    >
                      <option value="">Choose a rep…</option>
                      {reps.map((rep) => (
                        <option key={rep.id} value={rep.id}>
                          {rep.name} ({rep.email})
                        </option>
                      ))}
                    </select>
                    <Button
                      size="small"
                      disabled={!choice[key]}
                      pending={link.isPending}
                      onClick={() =>
                        link.mutate(
                          {
                            connectionId,
                            body: {
                              ...(owner.ownerId
                                ? { ownerId: owner.ownerId }
                                : { ownerEmail: owner.ownerEmail! }),
                              userId: choice[key],
                            },
                          },
                          {
                            onSuccess: (answer) => {
                              const rep = reps.find((r) => r.id === choice[key]);
                              setLinked(
                                `${label} is now ${rep?.name ?? 'the rep'}: ${numbers.format(answer.queued)} records are being scored, back-dated.`,
                              );
                            },
                          },
                        )
                      }
                    >
                      Link
                    </Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
