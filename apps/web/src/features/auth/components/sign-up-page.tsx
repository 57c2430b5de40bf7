import { Link } from 'react-router-dom';
import styles from './auth-form.module.css';
import { SignUpForm } from './sign-up-form';

export function SignUpPage() {
  return (
    <>
      <title>Create your organisation · Arena</title>
      <header className={styles.header}>
        <h1 className={styles.title}>Create your organisation</h1>
        <p className={styles.lead}>
          Set up Arena for your sales team. You'll be its admin and can invite managers and reps
          next.
        </p>
      </header>
      <SignUpForm />
      <p className={styles.footer}>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </>
  );
}
