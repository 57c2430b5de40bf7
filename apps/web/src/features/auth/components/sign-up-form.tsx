import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useSignup } from '../hooks/use-signup';
import styles from './auth-form.module.css';
import { TimeZoneSelect } from '../../../shared/ui/time-zone-select';

const FIELDS = ['orgName', 'timezone', 'adminName', 'adminEmail', 'adminPassword'] as const;
const MIN_PASSWORD_LENGTH = 8;

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function SignUpForm() {
  const signup = useSignup();
  const [orgName, setOrgName] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [adminName, setAdminName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [adminPassword, setAdminPassword] = useState('');
  const fieldErrors = useFieldErrors(signup.error);
  const message = formErrorMessage(signup.error, FIELDS);
  const emailTaken =
    signup.error instanceof ApiRequestError && signup.error.code === 'email_unavailable';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const valid = fieldErrors.validate({
      orgName: orgName.trim() ? null : 'Enter the name of your organisation.',
      adminName: adminName.trim() ? null : 'Enter your name.',
      adminEmail: adminEmail.trim() ? null : 'Enter your email address.',
      adminPassword:
        adminPassword.length >= MIN_PASSWORD_LENGTH
          ? null
          : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
    if (!valid) {
      signup.reset();
      return;
    }
    signup.mutate({
      orgName: orgName.trim(),
      timezone,
      adminName: adminName.trim(),
      adminEmail: adminEmail.trim(),
      adminPassword,
    });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      {message ? (
        <FormMessage tone="error">
          {message}
          {emailTaken ? (
            <>
              {' '}
              <Link to="/signin">Go to sign in</Link>
            </>
          ) : null}
        </FormMessage>
      ) : null}
      <fieldset className={styles.section}>
        <legend className={styles.legend}>Your organisation</legend>
        <TextField
          label="Organisation name"
          name="orgName"
          autoComplete="organization"
          required
          value={orgName}
          onChange={(event) => {
            setOrgName(event.target.value);
            fieldErrors.markEdited('orgName');
          }}
          errors={fieldErrors.errorsFor('orgName')}
        />
        <TimeZoneSelect
          label="Time zone"
          name="timezone"
          hint="Contest days start and end at midnight here; each contest can choose its own."
          value={timezone}
          onChange={(event) => {
            setTimezone(event.target.value);
            fieldErrors.markEdited('timezone');
          }}
          errors={fieldErrors.errorsFor('timezone')}
        />
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>You, the admin</legend>
        <TextField
          label="Your name"
          name="adminName"
          autoComplete="name"
          required
          value={adminName}
          onChange={(event) => {
            setAdminName(event.target.value);
            fieldErrors.markEdited('adminName');
          }}
          errors={fieldErrors.errorsFor('adminName')}
        />
        <TextField
          label="Email"
          name="adminEmail"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          value={adminEmail}
          onChange={(event) => {
            setAdminEmail(event.target.value);
            fieldErrors.markEdited('adminEmail');
          }}
          errors={fieldErrors.errorsFor('adminEmail')}
        />
        <TextField
          label="Password"
          name="adminPassword"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          required
          minLength={MIN_PASSWORD_LENGTH}
          value={adminPassword}
          onChange={(event) => {
            setAdminPassword(event.target.value);
            fieldErrors.markEdited('adminPassword');
          }}
          errors={fieldErrors.errorsFor('adminPassword')}
        />
      </fieldset>
      <Button type="submit" block pending={signup.isPending}>
        {signup.isPending ? 'Creating your organisation…' : 'Create organisation'}
      </Button>
    </form>
  );
}
