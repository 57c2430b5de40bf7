import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { fetchTrophyCase } from '../api/recognition-api';
import { AwardDialog } from './award-dialog';
import { RecognitionCard } from './recognition-card';
import styles from './recognition.module.css';

/** A rep's badges (with counts), kudos received and latest recognitions. */
export function TrophyCasePage() {
  const { userId = '' } = useParams();
  const { user } = useSignedInUser();
  const [awarding, setAwarding] = useState(false);
  const trophies = useQuery({
    queryKey: queryKeys.trophyCase(userId),
    queryFn: ({ signal }) => fetchTrophyCase(userId, signal),
  });
  const mine = userId === user.id;
  const name = trophies.data?.user.name ?? 'Trophy case';
  return (
    <section className={styles.page} aria-labelledby="trophy-title">
      <title>{`${mine ? 'My trophy case' : name} · Arena`}</title>
      <Link to="/recognition" className={styles.headerLink}>
        ← Recognition
      </Link>
      <header className={styles.header}>
        <h1 id="trophy-title">{mine ? 'My trophy case' : `${name}’s trophy case`}</h1>
        {!mine && trophies.data ? (
          <Button onClick={() => setAwarding(true)}>
            {user.role === 'rep' ? 'Send kudos' : 'Recognise'}
          </Button>
        ) : null}
      </header>
      {awarding && trophies.data ? (
        <AwardDialog
          recipient={{ id: trophies.data.user.id, kind: 'user', name: trophies.data.user.name }}
          onClose={() => setAwarding(false)}
        />
      ) : null}
      {trophies.error ? <p role="alert">{trophies.error.message}</p> : null}
      {trophies.isPending ? <p>Loading the trophy case…</p> : null}
      {trophies.data ? (
        <>
          <ul className={styles.trophies} aria-label="Badges">
            {trophies.data.badges.map(({ badge, count }) => (
              <li key={badge.id} className={styles.trophy} style={{ borderColor: badge.color }}>
                <span className={styles.trophyEmoji} aria-hidden="true">
                  {badge.emoji}
                </span>
                <span className={styles.trophyName}>{badge.name}</span>
                <span className={styles.trophyCount}>× {count}</span>
              </li>
            ))}
            <li className={styles.trophy}>
              <span className={styles.trophyEmoji} aria-hidden="true">
                👏
              </span>
              <span className={styles.trophyName}>Kudos received</span>
              <span className={styles.trophyCount} data-testid="kudos-count">
                {trophies.data.kudosReceived}
              </span>
            </li>
          </ul>
          {trophies.data.badges.length === 0 ? (
            <p className={styles.muted}>No badges yet.</p>
          ) : null}
          <h2 className={styles.subtitle}>Recent recognition</h2>
          <div className={styles.feed}>
            {trophies.data.recent.map((recognition) => (
              <RecognitionCard key={recognition.id} recognition={recognition} />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
