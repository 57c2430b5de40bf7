import {
  DISPLAY_SCREENS,
  type CreateDisplayRequest,
  type DisplayPlaylistItem,
  type DisplayScreen,
} from '@arena/contracts';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useContests } from '../../contests/hooks/use-contests';
import styles from './displays.module.css';

export const SCREEN_LABELS: Record<DisplayScreen, string> = {
  leaderboard: 'Leaderboard',
  team_race: 'Team race',
  ticker: 'Activity ticker',
  recognition_wall: 'Recognition wall',
  countdown: 'Countdown',
};

type DisplayFormProps = {
  initial?: CreateDisplayRequest;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (request: CreateDisplayRequest) => void;
  onCancel?: () => void;
};

/** Name, rotation and playlist of a TV display; for creating one and for editing it. */
export function DisplayForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: DisplayFormProps) {
  const contests = useContests();
  const usable = (contests.data ?? []).filter((contest) => contest.status !== 'archived');
  const [name, setName] = useState(initial?.name ?? '');
  const [rotation, setRotation] = useState(String(initial?.rotationSeconds ?? 20));
  const [playlist, setPlaylist] = useState<DisplayPlaylistItem[]>(initial?.playlist ?? []);
  const fieldErrors = useFieldErrors(error);
  const fields = [
    'name',
    'rotationSeconds',
    'playlist',
    ...playlist.flatMap((_, i) => [`playlist.${i}.contestId`, `playlist.${i}.screen`]),
  ];
  const message = formErrorMessage(error, fields);
  const setItem = (index: number, item: Partial<DisplayPlaylistItem>) => {
    setPlaylist((rows) => rows.map((row, i) => (i === index ? { ...row, ...item } : row)));
    fieldErrors.markEdited(`playlist.${index}.contestId`);
    fieldErrors.markEdited('playlist');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(rotation);
    const ok = fieldErrors.validate({
      name: name.trim() ? null : 'Give the display a name, e.g. Sales floor TV.',
      rotationSeconds:
        Number.isInteger(seconds) && seconds >= 5 && seconds <= 3600
          ? null
          : 'Between 5 and 3600 whole seconds.',
      playlist: playlist.length === 0 ? 'Add at least one screen.' : null,
      ...Object.fromEntries(
        playlist.map((row, i) => [
          `playlist.${i}.contestId`,
          row.contestId ? null : 'Choose a contest.',
        ]),
      ),
    });
    if (ok) onSubmit({ name: name.trim(), rotationSeconds: seconds, playlist });
  };
  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label={submitLabel}>
      {message ? <FormMessage tone="error">{message}</FormMessage> : null}
      <div className={styles.basics}>
        <TextField
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            fieldErrors.markEdited('name');
          }}
          errors={fieldErrors.errorsFor('name')}
        />
        <TextField
          label="Seconds per screen"
          type="number"
          inputMode="numeric"
          min={5}
          max={3600}
          value={rotation}
          onChange={(e) => {
            setRotation(e.target.value);
            fieldErrors.markEdited('rotationSeconds');
          }}
          errors={fieldErrors.errorsFor('rotationSeconds')}
        />
      </div>
      <fieldset className={styles.playlist}>
        <legend>Playlist</legend>
        {playlist.length === 0 ? (
          <p className={styles.muted}>
            No screens yet: add the contests the TV should rotate through.
          </p>
        ) : null}
        <ol className={styles.rows}>
          {playlist.map((row, index) => (
            <li key={index} className={styles.row}>
              <SelectField
                label={`Screen ${index + 1}: contest`}
                value={row.contestId}
                onChange={(e) => setItem(index, { contestId: e.target.value })}
                errors={fieldErrors.errorsFor(`playlist.${index}.contestId`)}
              >
                <option value="">Choose a contest</option>
                {usable.map((contest) => (
                  <option key={contest.id} value={contest.id}>
                    {contest.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={`Screen ${index + 1}: shows`}
                value={row.screen}
                onChange={(e) => setItem(index, { screen: e.target.value as DisplayScreen })}
                errors={fieldErrors.errorsFor(`playlist.${index}.screen`)}
              >
                {DISPLAY_SCREENS.map((screen) => (
                  <option key={screen} value={screen}>
                    {SCREEN_LABELS[screen]}
                  </option>
                ))}
              </SelectField>
              <Button
                variant="ghost"
                size="small"
                onClick={() => setPlaylist((rows) => rows.filter((_, i) => i !== index))}
                aria-label={`Remove screen ${index + 1}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ol>
        {fieldErrors.errorsFor('playlist').map((text) => (
          <p key={text} className={styles.error} role="alert">
            {text}
          </p>
        ))}
        <Button
          variant="secondary"
          size="small"
          onClick={() => {
            setPlaylist((rows) => [
              ...rows,
              { contestId: usable[0]?.id ?? '', screen: 'leaderboard' },
            ]);
            fieldErrors.markEdited('playlist');
          }}
        >
          Add a screen
        </Button>
      </fieldset>
      <div className={styles.actions}>
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
