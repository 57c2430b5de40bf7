import styles from './tv.module.css';

type InitialsAvatarProps = { name: string; size?: 'md' | 'lg' | 'xl' };

/** Up to two initials on a colour picked from the name, so a person keeps their colour. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
}

function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

export function InitialsAvatar({ name, size = 'md' }: InitialsAvatarProps) {
  return (
    <span
      className={`${styles.avatar} ${styles[`avatar-${size}`]}`}
      style={{ backgroundColor: `hsl(${hueOf(name)} 55% 38%)` }}
      aria-hidden="true"
    >
      {initialsOf(name)}
    </span>
  );
}
