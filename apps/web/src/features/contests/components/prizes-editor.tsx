import { Button } from '../../../shared/ui/button';
import { TextField } from '../../../shared/ui/text-field';
import type { PrizeRow } from '../hooks/designer-form';
import type { ErrorsFor } from './contest-designer';
import styles from './contest-designer.module.css';

type PrizesEditorProps = {
  prizes: PrizeRow[];
  onChange: (prizes: PrizeRow[]) => void;
  errorsFor: ErrorsFor;
};

export function PrizesEditor({ prizes, onChange, errorsFor }: PrizesEditorProps) {
  const set = (index: number, change: Partial<PrizeRow>) =>
    onChange(prizes.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className={styles.rows}>
      {prizes.map((prize, i) => (
        <div key={i} className={styles.prizeRow}>
          <TextField
            label="Rank"
            inputMode="numeric"
            value={prize.rank}
            onChange={(event) => set(i, { rank: event.target.value })}
            errors={errorsFor(`prizes.${i}.rank`)}
          />
          <TextField
            label={`Prize ${i + 1}`}
            value={prize.description}
            onChange={(event) => set(i, { description: event.target.value })}
            errors={errorsFor(`prizes.${i}.description`)}
            maxLength={200}
          />
          <Button
            variant="ghost"
            size="small"
            className={styles.remove}
            onClick={() => onChange(prizes.filter((_, j) => j !== i))}
            aria-label={`Remove prize ${i + 1}`}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button
        variant="secondary"
        size="small"
        onClick={() => onChange([...prizes, { rank: String(prizes.length + 1), description: '' }])}
      >
        Add a prize
      </Button>
    </div>
  );
}
