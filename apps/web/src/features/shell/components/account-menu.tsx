import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../shared/ui/button';
import { roleLabel } from '../../../shared/ui/role-label';
import type { Role } from '@arena/contracts';
import styles from './app-header.module.css';

type AccountMenuProps = {
  name: string;
  role: Role;
  onSignOutEverywhere: () => void;
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => part[0].toUpperCase()).join('') || '?';
}

/**
 * The signed-in person, opening onto what is rarely needed ("Sign out everywhere", e.g. after a
 * lost phone), so the header keeps its room on a phone. Escape and a click elsewhere close it.
 */
export function AccountMenu({ name, role, onSignOutEverywhere }: AccountMenuProps) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className={styles.menuRoot} ref={root}>
      <button
        ref={toggle}
        type="button"
        className={styles.user}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account: ${name} (${roleLabel(role)})`}
        onClick={() => setOpen((value) => !value)}
      >
        <span className={styles.avatar} aria-hidden="true">
          {initials(name)}
        </span>
        <span className={styles.who} aria-hidden="true">
          <span className={styles.name}>{name}</span>
          <span className={styles.role}>{roleLabel(role)}</span>
        </span>
      </button>
      {open && (
        <div id={menuId} className={styles.menu}>
          <p className={styles.menuNote}>Lost a phone or used a shared computer?</p>
          <Button variant="secondary" size="small" onClick={onSignOutEverywhere}>
            Sign out everywhere
          </Button>
        </div>
      )}
    </div>
  );
}
