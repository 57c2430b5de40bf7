import type { DisplayPlaylistItem, Contest } from '@arena/contracts';
import { AnimatePresence, motion, useReducedMotion, type Variants } from 'framer-motion';
import { useEffect, useState } from 'react';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { useTvWall, type TvWallState } from '../hooks/use-tv-wall';
import { readSoundSetting, playChime } from '../model/chime';
import { readDisplayToken } from '../model/display-token';
import { clampRotationIndex, nextRotationIndex, rotationMs } from '../model/rotation';
import { CelebrationTakeOver } from './celebration-take-over';
import { TvCorner } from './tv-corner';
import { TvFreshness } from './tv-freshness';
import { TvCountdownScreen } from './tv-countdown-screen';
import { TvLeaderboardScreen } from './tv-leaderboard-screen';
import { TvRecognitionWallScreen } from './tv-recognition-wall-screen';
import { TvTeamRaceScreen } from './tv-team-race-screen';
import { TvTickerScreen } from './tv-ticker-screen';
import { TvTickerStrip } from './tv-ticker-strip';
import styles from './tv.module.css';

const screenVariants: Variants = {
  enter: { opacity: 0, x: '4vw' },
  shown: {
    opacity: 1,
    x: 0,
    transition: { duration: motionTokens.duration.slow * 2, ease: motionTokens.easing.enter },
  },
  leave: {
    opacity: 0,
    x: '-4vw',
    transition: { duration: motionTokens.duration.slow, ease: motionTokens.easing.exit },
  },
};

type PlaylistScreen = DisplayPlaylistItem & { contest: Contest };

function TvScreen({ item, wall }: { item: PlaylistScreen; wall: TvWallState }) {
  const board = wall.boards[item.contestId];
  switch (item.screen) {
    case 'leaderboard':
      return <TvLeaderboardScreen contest={item.contest} board={board} />;
    case 'team_race':
      return <TvTeamRaceScreen contest={item.contest} board={board} />;
    case 'ticker':
      return <TvTickerScreen contest={item.contest} activities={wall.activities} />;
    case 'recognition_wall':
      return (
        <TvRecognitionWallScreen
          contest={item.contest}
          recognitions={wall.recognitions[item.contestId] ?? []}
        />
      );
    case 'countdown':
      return <TvCountdownScreen contest={item.contest} board={board} />;
  }
}

function FullScreenMessage({ title, detail }: { title: string; detail: string }) {
  return (
    <main className={styles.tv}>
      <div className={styles.message} role="alert">
        <h1 className={styles.messageTitle}>{title}</h1>
        <p className={styles.messageDetail}>{detail}</p>
      </div>
    </main>
  );
}

/**
 * `/tv`: an unattended wall display signed in with a display token (from `#token=…`, then kept
 * in this browser), rotating through its playlist, outside the signed-in app.
 */
export function TvPage() {
  const [token] = useState(() => readDisplayToken(window.location, window.localStorage));
  const [sound] = useState(() => readSoundSetting(window.location, window.localStorage));
  useEffect(() => {
    // The token stays in storage, not on screen or in the history.
    if (window.location.hash) history.replaceState(null, '', window.location.pathname);
    document.title = 'Arena TV';
  }, []);
  const wall = useTvWall(token);
  const reduceMotion = useReducedMotion();
  const playlist = wall.config?.playlist ?? [];
  const [index, setIndex] = useState(0);
  const current = playlist[clampRotationIndex(index, playlist.length)];
  const rotationSeconds = wall.config?.rotationSeconds ?? 20;

  useEffect(() => {
    if (playlist.length < 2) return;
    const timer = setInterval(
      () =>
        setIndex((at) =>
          nextRotationIndex(clampRotationIndex(at, playlist.length), playlist.length),
        ),
      rotationMs(rotationSeconds),
    );
    return () => clearInterval(timer);
  }, [playlist.length, rotationSeconds]);

  const takeOverId = wall.takeOver?.id;
  useEffect(() => {
    if (sound && takeOverId) playChime();
  }, [sound, takeOverId]);

  if (!token) {
    return (
      <FullScreenMessage
        title="This TV has no display link"
        detail="An admin creates a display under Admin → Displays and opens its link (or QR code) on this screen."
      />
    );
  }
  if (wall.phase === 'revoked') {
    return (
      <FullScreenMessage
        title={wall.revokedMessage}
        detail="Ask an admin for a new display link to show the contests here again."
      />
    );
  }
  return (
    <main className={styles.tv} data-phase={wall.phase}>
      {wall.config ? (
        <TvCorner
          orgName={wall.config.orgName}
          displayName={wall.config.name}
          offlineSince={wall.offlineSince}
        />
      ) : (
        <TvCorner orgName="Arena" displayName="" offlineSince={wall.offlineSince} />
      )}
      <TvFreshness token={token} />
      <div className={styles.stage}>
        {!wall.config ? (
          <p className={styles.placeholder}>Connecting…</p>
        ) : !current ? (
          <p className={styles.placeholder}>This display’s playlist is empty.</p>
        ) : (
          <AnimatePresence mode="wait" initial={false}>
            <motion.div
              key={`${index}:${current.contestId}:${current.screen}`}
              className={styles.screenFrame}
              data-screen={current.screen}
              data-contest={current.contestId}
              variants={screenVariants}
              initial={reduceMotion ? false : 'enter'}
              animate="shown"
              exit={reduceMotion ? undefined : 'leave'}
            >
              <TvScreen item={current} wall={wall} />
            </motion.div>
          </AnimatePresence>
        )}
      </div>
      {current?.screen === 'ticker' ? null : <TvTickerStrip activities={wall.activities} />}
      {/* One at a time: the next take-over enters only once the last one has left. */}
      <AnimatePresence mode="wait">
        {wall.takeOver ? (
          <CelebrationTakeOver key={wall.takeOver.id} takeOver={wall.takeOver} />
        ) : null}
      </AnimatePresence>
    </main>
  );
}
