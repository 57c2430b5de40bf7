import type { ContestRule } from '@arena/contracts';
import { useState } from 'react';
import { Button } from '../../../shared/ui/button';
import { QuantityStepper } from '../../../shared/ui/quantity-stepper';
import { estimatePoints } from '../hooks/optimistic-points';
import type { LoggedActivity } from '../hooks/use-log-activity';
import styles from './log-activity-panel.module.css';

type LogActivityPanelProps = {
  rules: readonly ContestRule[];
  typeLabel: (key: string) => string;
  log: readonly LoggedActivity[];
  onLog: (activityType: string, quantity: number, estimate: number) => void;
  onUndo: (item: LoggedActivity) => void;
};

/**
 * Two taps: the activity (big buttons, best-paid first), then "Log". The stepper in between
 * is optional; after logging, the latest entries can be undone.
 */
export function LogActivityPanel({ rules, typeLabel, log, onLog, onUndo }: LogActivityPanelProps) {
  const sorted = [...rules].sort((a, b) => b.pointsPerUnit - a.pointsPerUnit);
  const [selected, setSelected] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const rule = sorted.find((candidate) => candidate.activityType === selected);
  const estimate = selected ? estimatePoints(rules, selected, quantity) : 0;

  return (
    <div className={styles.panel}>
      <fieldset className={styles.types}>
        <legend className={styles.legend}>Log an activity</legend>
        {sorted.map((candidate) => (
          <button
            key={candidate.activityType}
            type="button"
            className={styles.type}
            aria-pressed={selected === candidate.activityType}
            onClick={() => {
              setSelected(candidate.activityType);
              setQuantity(1);
            }}
          >
            <span className={styles.typeName}>{typeLabel(candidate.activityType)}</span>
            <span className={styles.typePoints}>+{candidate.pointsPerUnit} pts</span>
          </button>
        ))}
      </fieldset>
      {rule ? (
        <div className={styles.confirm}>
          <QuantityStepper label="How many" value={quantity} onChange={setQuantity} />
          <Button
            block
            onClick={() => {
              onLog(rule.activityType, quantity, estimate);
              setSelected(null);
              setQuantity(1);
            }}
          >
            Log {quantity} {typeLabel(rule.activityType).toLowerCase()} (+{estimate} pts)
          </Button>
        </div>
      ) : null}
      {log.length > 0 ? (
        <ul className={styles.log} aria-label="Just logged" aria-live="polite">
          {log.slice(0, 3).map((item) => (
            <li key={item.localId} className={styles[item.state]}>
              <span>
                {item.quantity} {typeLabel(item.activityType).toLowerCase()} · {describe(item)}
                {item.error && item.state !== 'failed' ? ` (${item.error})` : ''}
              </span>
              {item.state === 'saved' ? (
                <Button variant="ghost" size="small" onClick={() => onUndo(item)}>
                  Undo
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function describe(item: LoggedActivity): string {
  switch (item.state) {
    case 'saving':
      return `+${item.estimate} pts, saving…`;
    case 'saved':
      return 'logged';
    case 'undoing':
      return 'undoing…';
    case 'undone':
      return 'undone';
    case 'failed':
      return `not logged: ${item.error ?? 'try again'}`;
  }
}
