import { useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { navItems } from '../nav-items';
import styles from './main-nav.module.css';

/** The sections the signed-in user's role may open. */
export function MainNav() {
  const { user } = useSignedInUser();
  const { pathname } = useLocation();
  const listRef = useRef<HTMLUListElement>(null);
  const items = navItems.filter((item) => item.roles.includes(user.role));

  // On a phone the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    const current = listRef.current?.querySelector('[aria-current="page"]');
    if (current && typeof current.scrollIntoView === 'function') {
      current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }, [pathname]);

  return (
    <nav className={styles.nav} aria-label="Main">
      <ul ref={listRef} className={styles.list}>
        {items.map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} end={item.path === '/'} className={styles.link}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
