import {
  ACTIVITY_CATEGORIES,
  ACTIVITY_UNITS,
  type ActivityCategory,
  type ActivityUnit,
} from '@arena/contracts';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useActivityTypes } from '../../activities/hooks/use-activity-types';
import { createActivityType, updateActivityType } from '../api/admin-api';
import { useAdminMutation } from '../hooks/use-admin-mutation';
import styles from './admin.module.css';

const FIELDS = ['key', 'label', 'category', 'unit'] as const;

/** The catalogue reps log against; key, category and unit are fixed once created. */
export function ActivityTypesPage() {
  const types = useActivityTypes();
  const create = useAdminMutation(createActivityType, queryKeys.activityTypes());
  const toggle = useAdminMutation(
    ({ id, active }: { id: string; active: boolean }) => updateActivityType(id, { active }),
    queryKeys.activityTypes(),
  );
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [category, setCategory] = useState<ActivityCategory>('activity');
  const [unit, setUnit] = useState<ActivityUnit>('count');
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fieldErrors.validate({});
    create.mutate(
      { key: key.trim(), label: label.trim(), category, unit },
      {
        onSuccess: () => {
          setKey('');
          setLabel('');
        },
      },
    );
  };
  return (
    <section className={styles.section} aria-labelledby="types-title">
      <title>Activity types · Arena</title>
      <h2 id="types-title">Activity types</h2>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Add an activity type">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : (
          <p className={styles.muted}>
            History is scored by key, so key, category and unit stay fixed.
          </p>
        )}
        <TextField
          label="Key"
          hint="e.g. cold_call"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            fieldErrors.markEdited('key');
          }}
          errors={fieldErrors.errorsFor('key')}
        />
        <TextField
          label="Label"
          value={label}
          onChange={(e) => {
            setLabel(e.target.value);
            fieldErrors.markEdited('label');
          }}
          errors={fieldErrors.errorsFor('label')}
        />
        <SelectField
          label="Category"
          value={category}
          onChange={(e) => setCategory(e.target.value as ActivityCategory)}
          errors={fieldErrors.errorsFor('category')}
        >
          {ACTIVITY_CATEGORIES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Unit"
          value={unit}
          onChange={(e) => setUnit(e.target.value as ActivityUnit)}
          errors={fieldErrors.errorsFor('unit')}
        >
          {ACTIVITY_UNITS.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={create.isPending}>
          Add type
        </Button>
      </form>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">Activity types</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Category</th>
              <th scope="col">Unit</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(types.data ?? []).map((type) => (
              <tr key={type.id}>
                <th scope="row">{type.label}</th>
                <td>
                  <code>{type.key}</code>
                </td>
                <td>{type.category}</td>
                <td>{type.unit}</td>
                <td>
                  <Button
                    variant="ghost"
                    size="small"
                    onClick={() => toggle.mutate({ id: type.id, active: !type.active })}
                    aria-label={`${type.active ? 'Retire' : 'Restore'} ${type.label}`}
                  >
                    {type.active ? 'Active · retire' : 'Retired · restore'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
