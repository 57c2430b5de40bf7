import type { CreateBadgeRequest } from '@arena/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import adminStyles from '../../admin/components/admin.module.css';
import { createBadge, updateBadge } from '../api/recognition-api';
import { useBadges } from '../hooks/use-badges';

const EMPTY: CreateBadgeRequest = { key: '', name: '', emoji: '', color: '#4338ca' };
const FIELDS = ['key', 'name', 'emoji', 'color', 'description'] as const;

/** The badge catalogue: add badges; retire one (it stays on past awards) or bring it back. */
export function BadgesPage() {
  const queryClient = useQueryClient();
  const badges = useBadges();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.badges() });
  const create = useMutation({ mutationFn: createBadge, onSuccess: refresh });
  const update = useMutation({ mutationFn: updateBadge, onSuccess: refresh });
  const [values, setValues] = useState<CreateBadgeRequest>(EMPTY);
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, FIELDS);
  const field = (name: (typeof FIELDS)[number]) => ({
    value: values[name] ?? '',
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      fieldErrors.markEdited(name);
    },
    errors: fieldErrors.errorsFor(name),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fieldErrors.validate({
      key: /^[a-z0-9_]+$/.test(values.key) ? null : 'Lowercase letters, digits and _ only.',
      name: values.name.trim() ? null : 'Give the badge a name.',
      emoji: values.emoji.trim() ? null : 'One emoji, e.g. 🏅',
    });
    if (!ok) return;
    create.mutate(
      { ...values, name: values.name.trim(), emoji: values.emoji.trim() },
      { onSuccess: () => setValues(EMPTY) },
    );
  };
  return (
    <section className={adminStyles.section} aria-labelledby="badges-title">
      <title>Badges · Arena</title>
      <h2 id="badges-title">Badges</h2>
      <form className={adminStyles.form} onSubmit={submit} noValidate aria-label="Add a badge">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : (
          <p className={adminStyles.muted}>
            Managers award these; retired ones stay on past awards.
          </p>
        )}
        <TextField label="Key" hint="e.g. demo_hero" {...field('key')} />
        <TextField label="Name" {...field('name')} />
        <TextField label="Emoji" {...field('emoji')} />
        <TextField label="Colour" type="color" {...field('color')} />
        <Button type="submit" pending={create.isPending}>
          Add badge
        </Button>
      </form>
      {update.error ? <FormMessage tone="error">{update.error.message}</FormMessage> : null}
      <div className={adminStyles.tableWrap}>
        <table className={adminStyles.table}>
          <caption className="visually-hidden">Badges</caption>
          <thead>
            <tr>
              <th scope="col">Badge</th>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(badges.data ?? []).map((badge) => (
              <tr key={badge.id}>
                <th scope="row">
                  <span aria-hidden="true" style={{ color: badge.color }}>
                    ●
                  </span>{' '}
                  <span aria-hidden="true">{badge.emoji}</span> {badge.name}
                </th>
                <td>
                  <code>{badge.key}</code>
                </td>
                <td>
                  {badge.retiredAt ? 'Retired ' : 'Active '}
                  <Button
                    variant="ghost"
                    size="small"
                    onClick={() =>
                      update.mutate({ id: badge.id, body: { retired: !badge.retiredAt } })
                    }
                    aria-label={`${badge.retiredAt ? 'Restore' : 'Retire'} ${badge.name}`}
                  >
                    {badge.retiredAt ? 'Restore' : 'Retire'}
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
