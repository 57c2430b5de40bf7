import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useAcceptInvite } from '../hooks/use-accept-invite';
import styles from './auth-form.module.css';

const FIELDS = ['password'] as const;

/**
 * `/accept-invite#<token>`: the link an admin hands to a user imported without a password. The
 * token sits after `#`, so it never reaches a server log or a Referer header.
 */
export function AcceptInvitePage() {
  const token = useLocation().hash.replace(/^#/, '');
  const accept = useAcceptInvite();
  const [password, setPassword] = useState('');
  const fieldErrors = useFieldErrors(accept.error);
  const message = formErrorMessage(accept.error, FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const valid = fieldErrors.validate({
      password: password.length >= 8 ? null : 'Choose a password of at least 8 characters.',
    });
    if (!valid) {
      accept.reset();
      return;
    }
    accept.mutate({ token, password });
  };

  return (
    <>
      <title>Welcome · Arena</title>
      <header className={styles.header}>
        <h1 className={styles.title}>Welcome to Arena</h1>
        <p className={styles.lead}>Choose a password to finish setting up your account.</p>
      </header>
      {token ? (
        <form className={styles.form} onSubmit={submit} noValidate>
          {message ? <FormMessage tone="error">{message}</FormMessage> : null}
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              fieldErrors.markEdited('password');
            }}
            errors={fieldErrors.errorsFor('password')}
          />
          <Button type="submit" block pending={accept.isPending}>
            {accept.isPending ? 'Setting your password…' : 'Set password and sign in'}
          </Button>
        </form>
      ) : (
        <FormMessage tone="error">
          This link has no invitation in it. Open the whole link your admin sent you.
        </FormMessage>
      )}
      <p className={styles.footer}>
        Have a password already? <Link to="/signin">Sign in</Link>
      </p>
    </>
  );
}
