import type { ActivityType } from '@arena/contracts';
import { Button } from '../../../shared/ui/button';
import { TextField } from '../../../shared/ui/text-field';
import type { MultiplierRow } from '../hooks/designer-form';
import type { ErrorsFor } from './contest-designer';
import styles from './contest-designer.module.css';

type MultipliersEditorProps = {
  multipliers: MultiplierRow[];
  types: ActivityType[];
  /** Where a new window starts (the contest's start). */
  defaultStart: string;
  onChange: (multipliers: MultiplierRow[]) => void;
  errorsFor: ErrorsFor;
};

/** Power hours: windows in which some (or all) activity types count several times. */
export function MultipliersEditor({
  multipliers,
  types,
  defaultStart,
  onChange,
  errorsFor,
}: MultipliersEditorProps) {
  const set = (index: number, change: Partial<MultiplierRow>) =>
    onChange(multipliers.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const addOneHour = (local: string) => {
    const date = new Date(`${local}:00Z`);
    if (Number.isNaN(date.getTime())) return local;
    date.setUTCHours(date.getUTCHours() + 1);
    return date.toISOString().slice(0, 16);
  };
  return (
    <div className={styles.rows}>
      {multipliers.length === 0 ? (
        <p className={styles.muted}>No power hours: every activity counts once.</p>
      ) : null}
      {multipliers.map((row, i) => (
        <div key={i} className={styles.multiplierRow}>
          <TextField
            label={`Power hour ${i + 1}: from`}
            type="datetime-local"
            value={row.startsAt}
            onChange={(event) => set(i, { startsAt: event.target.value })}
            errors={errorsFor(`multipliers.${i}.startsAt`)}
          />
          <TextField
            label="Until"
            type="datetime-local"
            value={row.endsAt}
            onChange={(event) => set(i, { endsAt: event.target.value })}
            errors={errorsFor(`multipliers.${i}.endsAt`)}
          />
          <TextField
            label="Factor"
            inputMode="decimal"
            value={row.factor}
            onChange={(event) => set(i, { factor: event.target.value })}
            errors={errorsFor(`multipliers.${i}.factor`)}
          />
          <fieldset className={styles.checks}>
            <legend>Applies to (none ticked: all)</legend>
            {types.map((type) => (
              <label key={type.key}>
                <input
                  type="checkbox"
                  checked={row.activityTypes.includes(type.key)}
                  onChange={(event) =>
                    set(i, {
                      activityTypes: event.target.checked
                        ? [...row.activityTypes, type.key]
                        : row.activityTypes.filter((key) => key !== type.key),
                    })
                  }
                />{' '}
                {type.label}
              </label>
            ))}
          </fieldset>
          <Button
            variant="ghost"
            size="small"
            className={styles.remove}
            onClick={() => onChange(multipliers.filter((_, j) => j !== i))}
            aria-label={`Remove power hour ${i + 1}`}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button
        variant="secondary"
        size="small"
        onClick={() =>
          onChange([
            ...multipliers,
            {
              startsAt: defaultStart,
              endsAt: addOneHour(defaultStart),
              factor: '2',
              activityTypes: [],
            },
          ])
        }
      >
        Add a power hour
      </Button>
    </div>
  );
}
