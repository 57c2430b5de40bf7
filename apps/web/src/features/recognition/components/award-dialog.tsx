import type { ParticipantRef } from '@arena/contracts';
import { useState } from 'react';
import { Dialog } from '../../../shared/ui/dialog';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { AwardForm, type AwardKind } from './award-form';
import styles from './recognition.module.css';

type AwardDialogProps = {
  recipient: Pick<ParticipantRef, 'id' | 'kind' | 'name'>;
  contestId?: string;
  onClose: () => void;
};

/**
 * Recognise someone: managers and admins choose a badge or kudos, reps send kudos. Kudos go to
 * people, never to oneself (the callers do not offer it; the server refuses it too).
 */
export function AwardDialog({ recipient, contestId, onClose }: AwardDialogProps) {
  const { user } = useSignedInUser();
  const canAward = user.role !== 'rep';
  const canKudos = recipient.kind === 'user' && recipient.id !== user.id;
  const [kind, setKind] = useState<AwardKind>(canAward ? 'badge' : 'kudos');
  const [sent, setSent] = useState<string | null>(null);
  return (
    <Dialog title={`Recognise ${recipient.name}`} onClose={onClose}>
      {sent ? (
        <p role="status" className={styles.sent}>
          {sent}
        </p>
      ) : (
        <>
          {canAward && canKudos ? (
            <div role="radiogroup" aria-label="What to send" className={styles.kindSwitch}>
              {(['badge', 'kudos'] as const).map((option) => (
                <label key={option} className={styles.kindOption}>
                  <input
                    type="radio"
                    name="award-kind"
                    checked={kind === option}
                    onChange={() => setKind(option)}
                  />
                  {option === 'badge' ? 'Badge' : 'Kudos'}
                </label>
              ))}
            </div>
          ) : null}
          <AwardForm
            key={kind}
            recipient={recipient}
            kind={kind}
            contestId={contestId}
            onDone={(recognition) =>
              setSent(
                recognition.badge
                  ? `${recognition.badge.emoji} ${recognition.badge.name} awarded to ${recipient.name}.`
                  : `Kudos sent to ${recipient.name}.`,
              )
            }
          />
        </>
      )}
    </Dialog>
  );
}
