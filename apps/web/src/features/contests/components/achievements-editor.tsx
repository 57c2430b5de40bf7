import { ACHIEVEMENT_KINDS, type AchievementKind, type ActivityType } from '@arena/contracts';
import { useState } from 'react';
import { Button } from '../../../shared/ui/button';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { emptyAchievement, type AchievementRow } from '../hooks/designer-form';
import type { ErrorsFor } from './contest-designer';
import styles from './contest-designer.module.css';

/** What each kind is called in the designer, and what it awards. */
export const ACHIEVEMENT_LABELS: Record<AchievementKind, string> = {
  goal_reached: 'Goal reached (everyone who reaches the goal)',
  milestone: 'First to N (only the first to reach it)',
  streak: 'Streak (N days in a row with at least M)',
  new_leader: 'New leader (everyone who takes the lead)',
  final_placings: 'Final placings (top 3 and prized ranks, at the end)',
};

type AchievementsEditorProps = {
  achievements: AchievementRow[];
  /** The activity types that have a rule: milestones and streaks count those. */
  types: ActivityType[];
  onChange: (achievements: AchievementRow[]) => void;
  errorsFor: ErrorsFor;
};

/** Automatic achievements: awarded (and taken back) by Arena as the scores say. */
export function AchievementsEditor({
  achievements,
  types,
  onChange,
  errorsFor,
}: AchievementsEditorProps) {
  const [kind, setKind] = useState<AchievementKind>('milestone');
  const set = (index: number, change: Partial<AchievementRow>) =>
    onChange(achievements.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className={styles.rows}>
      {achievements.length === 0 ? (
        <p className={styles.muted}>No automatic achievements.</p>
      ) : null}
      {achievements.map((row, i) => (
        <div key={i} className={styles.achievementRow}>
          <p className={styles.achievementTitle}>
            <strong>{ACHIEVEMENT_LABELS[row.kind]}</strong>
          </p>
          {errorsFor(`achievements.${i}.kind`).length > 0 ||
          errorsFor(`achievements.${i}`).length > 0 ? (
            <p role="alert" className={styles.achievementTitle}>
              {[...errorsFor(`achievements.${i}.kind`), ...errorsFor(`achievements.${i}`)].join(
                ' ',
              )}
            </p>
          ) : null}
          {row.kind === 'milestone' || row.kind === 'streak' ? (
            <SelectField
              label={`Achievement ${i + 1}: activity`}
              value={row.activityType}
              onChange={(event) => set(i, { activityType: event.target.value })}
              errors={errorsFor(`achievements.${i}.activityType`)}
            >
              <option value="">Choose…</option>
              {types.map((type) => (
                <option key={type.key} value={type.key}>
                  {type.label}
                </option>
              ))}
            </SelectField>
          ) : null}
          {row.kind === 'milestone' ? (
            <TextField
              label="Units to reach"
              inputMode="decimal"
              value={row.units}
              onChange={(event) => set(i, { units: event.target.value })}
              errors={errorsFor(`achievements.${i}.units`)}
            />
          ) : null}
          {row.kind === 'streak' ? (
            <>
              <TextField
                label="Days in a row"
                inputMode="numeric"
                value={row.days}
                onChange={(event) => set(i, { days: event.target.value })}
                errors={errorsFor(`achievements.${i}.days`)}
              />
              <TextField
                label="At least, each day"
                inputMode="decimal"
                value={row.minUnitsPerDay}
                onChange={(event) => set(i, { minUnitsPerDay: event.target.value })}
                errors={errorsFor(`achievements.${i}.minUnitsPerDay`)}
              />
            </>
          ) : null}
          <Button
            variant="ghost"
            size="small"
            className={styles.remove}
            onClick={() => onChange(achievements.filter((_, j) => j !== i))}
            aria-label={`Remove achievement ${i + 1}`}
          >
            Remove
          </Button>
        </div>
      ))}
      <div className={styles.achievementRow}>
        <SelectField
          label="Add an achievement"
          value={kind}
          onChange={(event) => setKind(event.target.value as AchievementKind)}
        >
          {ACHIEVEMENT_KINDS.map((option) => (
            <option key={option} value={option}>
              {ACHIEVEMENT_LABELS[option]}
            </option>
          ))}
        </SelectField>
        <Button
          variant="secondary"
          size="small"
          onClick={() => onChange([...achievements, emptyAchievement(kind, types[0]?.key ?? '')])}
        >
          Add
        </Button>
      </div>
    </div>
  );
}
