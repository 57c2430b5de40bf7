import {
  contestDefinitionOf,
  hasEnded,
  type Contest,
  type ContestDefinitionContext,
} from '@arena/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { ServerUnreachableError } from '../../../shared/api/server-unreachable-error';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { TimeZoneSelect } from '../../../shared/ui/time-zone-select';
import { useActivityTypes } from '../../activities/hooks/use-activity-types';
import {
  designFromContest,
  newDesign,
  toDefinition,
  toPreviewRequest,
  type DesignerErrors,
  type DesignerForm,
} from '../hooks/designer-form';
import { useContestPreview } from '../hooks/use-contest-preview';
import { useOrgDirectory } from '../hooks/use-org-directory';
import { useArchiveContest, useSaveContest } from '../hooks/use-save-contest';
import { ContestStatusBadge } from './contest-status-badge';
import { MultipliersEditor } from './multipliers-editor';
import { ParticipantsPicker } from './participants-picker';
import { PreviewPane } from './preview-pane';
import { AchievementsEditor } from './achievements-editor';
import { PrizesEditor } from './prizes-editor';
import { RulesEditor } from './rules-editor';
import styles from './contest-designer.module.css';

type ContestDesignerProps = {
  contest: Contest | null;
  orgTimezone: string;
};

/** The preview needs scorable rules and someone to score; anything else may be unfinished. */
function whyNoPreview(form: DesignerForm, errors: DesignerErrors): string | null {
  const paths = Object.keys(errors);
  if (form.rules.length === 0 || paths.some((path) => path.startsWith('rules')))
    return 'Complete the scoring rules to see a preview.';
  if (paths.some((path) => path.startsWith('multipliers')))
    return 'Complete the power hours to see a preview.';
  if (form.participantIds.length === 0 && (form.mode === 'team' || form.participantScope !== 'all'))
    return 'Choose participants to see a preview.';
  return null;
}

/** Field path → messages to show next to it: the browser's checks first, else the server's. */
export type ErrorsFor = (path: string) => string[];

/**
 * The contest designer: the whole definition in one form, and beside it the leaderboard the
 * design would have produced over a past period, refreshed (debounced) as the manager edits.
 */
export function ContestDesigner({ contest, orgTimezone }: ContestDesignerProps) {
  const navigate = useNavigate();
  const [form, setForm] = useState<DesignerForm>(() =>
    contest ? designFromContest(contest) : newDesign(orgTimezone),
  );
  const [days, setDays] = useState(30);
  const [shownErrors, setShownErrors] = useState<DesignerErrors>({});
  const save = useSaveContest();
  const archive = useArchiveContest();
  const types = useActivityTypes();
  const directory = useOrgDirectory();

  // What the shared rules need from this page; an ended contest's fixed fields are checked
  // against what is stored, exactly as the server checks them.
  const ended = contest ? hasEnded(contest) : false;
  const archived = contest?.status === 'archived';
  const context = useMemo<ContestDefinitionContext>(
    () => ({
      activityTypes: types.data ? new Set(types.data.map((type) => type.key)) : undefined,
      published: !!contest?.publishedAt,
      endedAs: contest && ended ? contestDefinitionOf(contest) : undefined,
    }),
    [types.data, contest, ended],
  );
  const mapped = useMemo(() => toDefinition(form, context), [form, context]);
  const previewBlockedBy = whyNoPreview(form, mapped.errors);
  const previewRequest = useMemo(
    () => (previewBlockedBy ? null : toPreviewRequest(mapped.definition, days)),
    [mapped.definition, previewBlockedBy, days],
  );
  const preview = useContestPreview(previewRequest);

  const update = (change: Partial<DesignerForm>) =>
    setForm((current) => ({ ...current, ...change }));
  const serverError = save.error ?? archive.error;
  const errorsFor: ErrorsFor = (path) => {
    if (shownErrors[path]) return [shownErrors[path]];
    return serverError instanceof ApiRequestError ? serverError.fieldMessages(path) : [];
  };

  const submit = (publish: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    // Publishing needs what a draft may still lack (a rule, a participant).
    const { errors } = publish ? toDefinition(form, { ...context, published: true }) : mapped;
    setShownErrors(errors);
    if (Object.keys(errors).length > 0) {
      save.reset();
      return;
    }
    save.mutate(
      { id: contest?.id ?? null, definition: mapped.definition, publish },
      { onSuccess: (saved) => navigate(`/contests/${saved.id}`, { replace: true }) },
    );
  };

  const clientProblems = Object.keys(shownErrors).length;
  const formMessage =
    clientProblems > 0
      ? 'Please correct the highlighted fields.'
      : serverError instanceof ServerUnreachableError
        ? serverError.message
        : serverError instanceof ApiRequestError
          ? serverError.hasFieldErrors
            ? `${serverError.message} Nothing was saved.`
            : serverError.message
          : null;
  // Archived: nothing changes. Ended: only the name and description (SPEC §3).
  const fixed = archived || ended;
  const typeOptions = (types.data ?? []).filter((type) => type.active);

  return (
    <div className={styles.page}>
      <title>{`${contest ? contest.name : 'New contest'} · Arena`}</title>
      <header className={styles.header}>
        <h1>{contest ? `Edit “${contest.name}”` : 'Design a contest'}</h1>
        {contest ? <ContestStatusBadge status={contest.status} /> : null}
      </header>
      <div className={styles.layout}>
        <form
          className={styles.form}
          onSubmit={submit(false)}
          noValidate
          aria-label="Contest design"
        >
          {formMessage ? <FormMessage tone="error">{formMessage}</FormMessage> : null}
          {save.isSuccess && !save.isPending ? (
            <FormMessage tone="info">
              {save.data.status === 'draft' ? 'Draft saved.' : `Saved: ${save.data.status}.`}
            </FormMessage>
          ) : null}
          <fieldset className={styles.group} disabled={archived}>
            <legend>Basics</legend>
            <TextField
              label="Name"
              value={form.name}
              onChange={(event) => update({ name: event.target.value })}
              errors={errorsFor('name')}
              maxLength={120}
              required
            />
            <div className="field">
              <label htmlFor="contest-description" className={styles.label}>
                Description
              </label>
              <textarea
                id="contest-description"
                className={styles.textarea}
                rows={3}
                value={form.description}
                onChange={(event) => update({ description: event.target.value })}
                maxLength={2000}
              />
            </div>
            <div className={styles.row2}>
              <TextField
                label="Starts"
                type="datetime-local"
                value={form.startsAt}
                onChange={(event) => update({ startsAt: event.target.value })}
                errors={errorsFor('startsAt')}
                disabled={fixed}
              />
              <TextField
                label="Ends"
                type="datetime-local"
                value={form.endsAt}
                onChange={(event) => update({ endsAt: event.target.value })}
                errors={errorsFor('endsAt')}
                hint="The contest stops counting at this moment."
                disabled={fixed}
              />
            </div>
            <TimeZoneSelect
              label="Time zone"
              value={form.timezone}
              onChange={(event) => update({ timezone: event.target.value })}
              errors={errorsFor('timezone')}
              hint="Days (for daily caps) and the times above are in this zone."
              disabled={fixed}
            />
          </fieldset>

          <fieldset className={styles.group} disabled={fixed}>
            <legend>Who competes</legend>
            <div className={styles.row2}>
              <SelectField
                label="Mode"
                value={form.mode}
                onChange={(event) =>
                  update({
                    mode: event.target.value === 'team' ? 'team' : 'individual',
                    participantIds: [],
                  })
                }
              >
                <option value="individual">Individual: rep against rep</option>
                <option value="team">Team: team against team</option>
              </SelectField>
              {form.mode === 'team' ? (
                <SelectField
                  label="Team score"
                  value={form.teamAggregation}
                  onChange={(event) =>
                    update({
                      teamAggregation: event.target.value === 'average' ? 'average' : 'sum',
                    })
                  }
                >
                  <option value="sum">Sum of members</option>
                  <option value="average">Average per member</option>
                </SelectField>
              ) : (
                <SelectField
                  label="Who takes part"
                  value={form.participantScope}
                  onChange={(event) =>
                    update({
                      participantScope:
                        event.target.value === 'all' || event.target.value === 'teams'
                          ? event.target.value
                          : 'listed',
                      participantIds: [],
                    })
                  }
                  errors={errorsFor('participantScope')}
                >
                  <option value="listed">Reps I choose</option>
                  <option value="all">Everyone in the organisation</option>
                  <option value="teams">Members of teams</option>
                </SelectField>
              )}
            </div>
            {form.mode === 'individual' && form.participantScope === 'all' ? (
              <p className={styles.muted}>
                Every active rep takes part, and reps who join the organisation later join the
                board.
              </p>
            ) : (
              <ParticipantsPicker
                mode={
                  form.mode === 'team' || form.participantScope === 'teams' ? 'team' : 'individual'
                }
                reps={directory.reps}
                teams={directory.teams}
                selected={form.participantIds}
                onChange={(participantIds) => update({ participantIds })}
                errorsFor={errorsFor}
              />
            )}
          </fieldset>

          <fieldset className={styles.group} disabled={fixed}>
            <legend>Scoring rules</legend>
            <RulesEditor
              rules={form.rules}
              types={typeOptions}
              onChange={(rules) => update({ rules })}
              errorsFor={errorsFor}
            />
          </fieldset>

          <fieldset className={styles.group} disabled={fixed}>
            <legend>Power hours</legend>
            <MultipliersEditor
              multipliers={form.multipliers}
              types={typeOptions}
              defaultStart={form.startsAt}
              onChange={(multipliers) => update({ multipliers })}
              errorsFor={errorsFor}
            />
          </fieldset>

          <fieldset className={styles.group} disabled={fixed}>
            <legend>Goal and prizes</legend>
            <TextField
              label="Goal (points)"
              inputMode="decimal"
              value={form.goalPoints}
              onChange={(event) => update({ goalPoints: event.target.value })}
              errors={errorsFor('goalPoints')}
              hint="Optional: everyone who reaches it is celebrated."
            />
            <PrizesEditor
              prizes={form.prizes}
              onChange={(prizes) => update({ prizes })}
              errorsFor={errorsFor}
            />
          </fieldset>

          <fieldset className={styles.group} disabled={fixed}>
            <legend>Achievements</legend>
            <AchievementsEditor
              achievements={form.achievements}
              types={typeOptions.filter((type) =>
                form.rules.some((rule) => rule.activityType === type.key),
              )}
              onChange={(achievements) => update({ achievements })}
              errorsFor={errorsFor}
            />
          </fieldset>

          {ended && !archived ? (
            <p className={styles.muted}>
              This contest has ended: its name and description can still change, nothing else.
            </p>
          ) : null}
          {!archived ? (
            <div className={styles.actions}>
              <Button
                type="submit"
                variant="secondary"
                pending={save.isPending && !save.variables?.publish}
                disabled={save.isPending}
              >
                {contest && contest.status !== 'draft' ? 'Save changes' : 'Save draft'}
              </Button>
              {!contest || contest.status === 'draft' ? (
                <Button
                  onClick={() => submit(true)()}
                  pending={save.isPending && save.variables?.publish}
                  disabled={save.isPending}
                >
                  Publish
                </Button>
              ) : null}
              {contest && contest.status !== 'draft' ? (
                <Button
                  variant="ghost"
                  onClick={() => archive.mutate(contest.id)}
                  pending={archive.isPending}
                >
                  Archive
                </Button>
              ) : null}
            </div>
          ) : (
            <p className={styles.muted}>This contest is archived: it can no longer be edited.</p>
          )}
        </form>
        <PreviewPane
          preview={preview.data}
          error={preview.error}
          refreshing={preview.isFetching}
          blockedBy={previewBlockedBy}
          days={days}
          onDaysChange={setDays}
          goalPoints={mapped.definition.goalPoints ?? null}
        />
      </div>
    </div>
  );
}
