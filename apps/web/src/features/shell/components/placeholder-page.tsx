import styles from './placeholder-page.module.css';

type PlaceholderPageProps = {
  title: string;
  description: string;
};

/** A section whose feature is still to come: says what will be here. */
export function PlaceholderPage({ title, description }: PlaceholderPageProps) {
  return (
    <section className={styles.page} aria-labelledby="placeholder-title">
      <title>{`${title} · Arena`}</title>
      <h1 id="placeholder-title" className={styles.title}>
        {title}
      </h1>
      <div className={styles.panel}>
        <span className={styles.badge}>Coming soon</span>
        <p className={styles.text}>{description}</p>
      </div>
    </section>
  );
}
