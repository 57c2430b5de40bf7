import { Link } from 'react-router-dom';
import { FormMessage } from '../../../shared/ui/form-message';
import { useAuth } from '../hooks/use-auth';
import styles from './auth-form.module.css';
import { SignInForm } from './sign-in-form';

export function SignInPage() {
  const { endedReason } = useAuth();
  return (
    <>
      <title>Sign in · Arena</title>
      <header className={styles.header}>
        <h1 className={styles.title}>Sign in</h1>
        <p className={styles.lead}>Welcome back. Your contests are waiting.</p>
      </header>
      {endedReason === 'expired' ? (
        <div className={styles.header}>
          <FormMessage tone="info">
            Your session has expired. Sign in again to continue.
          </FormMessage>
        </div>
      ) : null}
      <SignInForm />
      <p className={styles.footer}>
        New to Arena? <Link to="/signup">Create an organisation</Link>
      </p>
    </>
  );
}
