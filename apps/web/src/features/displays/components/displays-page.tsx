import type { CreatedDisplay, Display } from '@arena/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { Dialog } from '../../../shared/ui/dialog';
import { FormMessage } from '../../../shared/ui/form-message';
import { useContests } from '../../contests/hooks/use-contests';
import { createDisplay, fetchDisplays, revokeDisplay, updateDisplay } from '../api/displays-api';
import { CreatedDisplayPanel } from './created-display-panel';
import { DisplayForm, SCREEN_LABELS } from './display-form';
import styles from './displays.module.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** TV walls: create one (its token shown once, with a QR code), edit its playlist, revoke it. */
export function DisplaysPage() {
  const queryClient = useQueryClient();
  const displays = useQuery({
    queryKey: queryKeys.displays(),
    queryFn: ({ signal }) => fetchDisplays(signal),
  });
  const contests = useContests();
  const contestName = (id: string) =>
    contests.data?.find((contest) => contest.id === id)?.name ?? 'A contest';
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.displays() });
  const [created, setCreated] = useState<CreatedDisplay | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Display | null>(null);
  const [revoking, setRevoking] = useState<Display | null>(null);
  const create = useMutation({
    mutationFn: createDisplay,
    onSuccess: (result) => {
      setCreated(result);
      setCreating(false);
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: updateDisplay,
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: revokeDisplay,
    onSuccess: () => {
      setRevoking(null);
      void refresh();
    },
  });

  return (
    <section className={styles.section} aria-labelledby="displays-title">
      <title>Displays · Arena</title>
      <div className={styles.heading}>
        <h2 id="displays-title">Displays</h2>
        {!creating ? (
          <Button
            onClick={() => {
              create.reset();
              setCreated(null);
              setCreating(true);
            }}
          >
            New display
          </Button>
        ) : null}
      </div>
      <p className={styles.muted}>
        A display is a TV wall signed in with its own token: it shows only its playlist, writes
        nothing, and stops the moment you revoke it.
      </p>
      {created ? (
        <CreatedDisplayPanel created={created} onDismiss={() => setCreated(null)} />
      ) : null}
      {creating ? (
        <DisplayForm
          submitLabel="Create display"
          pending={create.isPending}
          error={create.error}
          onSubmit={(request) => create.mutate(request)}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {displays.error ? <p role="alert">{displays.error.message}</p> : null}
      {displays.data && displays.data.length === 0 ? (
        <p className={styles.muted}>No displays yet.</p>
      ) : null}
      <ul className={styles.list} aria-label="Displays">
        {(displays.data ?? []).map((display) => (
          <li key={display.id} className={styles.item} aria-label={display.name}>
            {editing?.id === display.id ? (
              <DisplayForm
                initial={{
                  name: display.name,
                  rotationSeconds: display.rotationSeconds,
                  playlist: display.playlist,
                }}
                submitLabel={`Save ${display.name}`}
                pending={update.isPending}
                error={update.error}
                onSubmit={(body) => update.mutate({ id: display.id, body })}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <>
                <div className={styles.itemHead}>
                  <h3>{display.name}</h3>
                  <code>{display.tokenPrefix}…</code>
                  {display.revokedAt ? (
                    <span className={styles.revoked}>Revoked</span>
                  ) : (
                    <span className={styles.itemActions}>
                      <Button
                        variant="secondary"
                        size="small"
                        onClick={() => {
                          update.reset();
                          setEditing(display);
                        }}
                        aria-label={`Edit ${display.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="ghost"
                        size="small"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(display);
                        }}
                        aria-label={`Revoke ${display.name}`}
                      >
                        Revoke
                      </Button>
                    </span>
                  )}
                </div>
                <p className={styles.muted}>
                  Every {display.rotationSeconds} s ·{' '}
                  {display.lastSeenAt
                    ? `last seen ${dateFormat.format(new Date(display.lastSeenAt))}`
                    : 'never connected'}
                  {display.revokedAt
                    ? ` · revoked ${dateFormat.format(new Date(display.revokedAt))}`
                    : ''}
                </p>
                <ol className={styles.playlistSummary} aria-label={`${display.name} playlist`}>
                  {display.playlist.map((item, index) => (
                    <li key={index}>
                      {contestName(item.contestId)} · {SCREEN_LABELS[item.screen]}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </li>
        ))}
      </ul>
      {revoking ? (
        <Dialog title={`Revoke ${revoking.name}?`} onClose={() => setRevoking(null)}>
          <p>
            The TV stops showing contests within seconds and says an admin disconnected it. To use
            it again, create a new display.
          </p>
          {revoke.error ? <FormMessage tone="error">{revoke.error.message}</FormMessage> : null}
          <div className={styles.actions}>
            <Button pending={revoke.isPending} onClick={() => revoke.mutate(revoking.id)}>
              Revoke {revoking.name}
            </Button>
            <Button variant="secondary" onClick={() => setRevoking(null)}>
              Keep it
            </Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
