import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useLogin } from '../hooks/use-login';
import styles from './auth-form.module.css';

const FIELDS = ['email', 'password'] as const;

export function SignInForm() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = useFieldErrors(login.error);
  const message = formErrorMessage(login.error, FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const valid = fieldErrors.validate({
      email: email.trim() ? null : 'Enter your email address.',
      password: password ? null : 'Enter your password.',
    });
    if (!valid) {
      login.reset();
      return;
    }
    login.mutate({ email: email.trim(), password });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      {message ? <FormMessage tone="error">{message}</FormMessage> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
          fieldErrors.markEdited('email');
        }}
        errors={fieldErrors.errorsFor('email')}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          fieldErrors.markEdited('password');
        }}
        errors={fieldErrors.errorsFor('password')}
      />
      <Button type="submit" block pending={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
