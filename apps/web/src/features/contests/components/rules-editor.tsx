import type { ActivityType } from '@arena/contracts';
import { Button } from '../../../shared/ui/button';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { emptyRule, type RuleRow } from '../hooks/designer-form';
import type { ErrorsFor } from './contest-designer';
import styles from './contest-designer.module.css';

type RulesEditorProps = {
  rules: RuleRow[];
  types: ActivityType[];
  onChange: (rules: RuleRow[]) => void;
  errorsFor: ErrorsFor;
};

/** One row per weighted activity type: points per unit, optional daily and total caps. */
export function RulesEditor({ rules, types, onChange, errorsFor }: RulesEditorProps) {
  const set = (index: number, change: Partial<RuleRow>) =>
    onChange(rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  const unused = types.find((type) => !rules.some((rule) => rule.activityType === type.key));
  return (
    <div className={styles.rows}>
      {errorsFor('rules').map((message) => (
        <p key={message} className={styles.error}>
          {message}
        </p>
      ))}
      {rules.map((rule, i) => (
        <div key={i} className={styles.ruleRow} data-testid="rule-row">
          <SelectField
            label={`Rule ${i + 1}: activity`}
            value={rule.activityType}
            onChange={(event) => set(i, { activityType: event.target.value })}
            errors={errorsFor(`rules.${i}.activityType`)}
          >
            <option value="">Choose…</option>
            {types.map((type) => (
              <option key={type.key} value={type.key}>
                {type.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Points per unit"
            inputMode="decimal"
            value={rule.pointsPerUnit}
            onChange={(event) => set(i, { pointsPerUnit: event.target.value })}
            errors={errorsFor(`rules.${i}.pointsPerUnit`)}
          />
          <TextField
            label="Daily cap"
            inputMode="decimal"
            placeholder="None"
            value={rule.dailyCap}
            onChange={(event) => set(i, { dailyCap: event.target.value })}
            errors={errorsFor(`rules.${i}.dailyCap`)}
          />
          <TextField
            label="Total cap"
            inputMode="decimal"
            placeholder="None"
            value={rule.totalCap}
            onChange={(event) => set(i, { totalCap: event.target.value })}
            errors={errorsFor(`rules.${i}.totalCap`)}
          />
          <Button
            variant="ghost"
            size="small"
            className={styles.remove}
            onClick={() => onChange(rules.filter((_, j) => j !== i))}
            aria-label={`Remove rule ${i + 1}`}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button
        variant="secondary"
        size="small"
        onClick={() => onChange([...rules, emptyRule(unused?.key ?? '')])}
      >
        Add a rule
      </Button>
    </div>
  );
}
