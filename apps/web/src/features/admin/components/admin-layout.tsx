import { NavLink, Outlet } from 'react-router-dom';
import styles from './admin.module.css';

const sections = [
  { to: 'users', label: 'People' },
  { to: 'teams', label: 'Teams' },
  { to: 'activity-types', label: 'Activity types' },
  { to: 'connections', label: 'Connections' },
  { to: 'api-keys', label: 'API keys' },
  { to: 'badges', label: 'Badges' },
  { to: 'displays', label: 'Displays' },
] as const;

/** The admin area: one page per thing the organisation is made of. */
export function AdminLayout() {
  return (
    <div className={styles.page}>
      <h1>Administration</h1>
      <nav aria-label="Administration" className={styles.subnav}>
        {sections.map((section) => (
          <NavLink key={section.to} to={section.to} className={styles.subnavLink}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
