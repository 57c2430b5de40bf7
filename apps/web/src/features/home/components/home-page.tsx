import type { Role } from '@arena/contracts';
import { motion, useReducedMotion, type Variants } from 'framer-motion';
import { Link } from 'react-router-dom';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { navItems } from '../../shell/nav-items';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { roleLabel } from '../../../shared/ui/role-label';
import styles from './home-page.module.css';
import { RepHome } from './rep-home';
import { TeamFact } from './team-fact';

const roleDuties: Record<Role, string> = {
  rep: 'You log activities, follow the leaderboards and receive recognition.',
  manager: 'You design contests, award recognition and coach your reps.',
  admin: 'You run the organisation: people, teams, activities, API keys and displays.',
};

/** Cards rise in one after the other, inheriting the page's entrance. */
const cardEnterVariants: Variants = {
  hidden: { opacity: 0, y: motionTokens.distance.enter },
  visible: {
    opacity: 1,
    y: 0,
    transition: { duration: motionTokens.duration.base, ease: motionTokens.easing.enter },
  },
};

const cardStillVariants: Variants = {
  hidden: { opacity: 1, y: 0 },
  visible: { opacity: 1, y: 0 },
};

function greeting(hour: number): string {
  if (hour < 5) return 'Working late';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

export function HomePage() {
  const { user, org } = useSignedInUser();
  const reduceMotion = useReducedMotion();
  const cardVariants = reduceMotion ? cardStillVariants : cardEnterVariants;
  const firstName = user.name.trim().split(/\s+/)[0] || user.name;
  const sections = navItems.filter((item) => item.path !== '/' && item.roles.includes(user.role));

  return (
    <div className={styles.page}>
      <title>Home · Arena</title>
      <div className={styles.intro}>
        <h1 className={styles.greeting}>
          {greeting(new Date().getHours())}, {firstName}
        </h1>
        <p className={styles.lead}>Welcome to {org.name} on Arena.</p>
        {user.competes ? (
          <p>
            <Link to={`/recognition/people/${user.id}`} className={styles.trophyLink}>
              🏆 My trophy case
            </Link>
          </p>
        ) : null}
      </div>

      {user.competes ? <RepHome userId={user.id} teamId={user.teamId} /> : null}

      <dl className={styles.facts}>
        <motion.div className={styles.fact} variants={cardVariants}>
          <dt>Organisation</dt>
          <dd>
            <span className={styles.value}>{org.name}</span>
            <span className={styles.detail}>Time zone: {org.timezone}</span>
          </dd>
        </motion.div>
        <motion.div className={styles.fact} variants={cardVariants}>
          <dt>Your role</dt>
          <dd>
            <span className={styles.value}>{roleLabel(user.role)}</span>
            <span className={styles.detail}>{roleDuties[user.role]}</span>
          </dd>
        </motion.div>
        <motion.div className={styles.fact} variants={cardVariants}>
          <dt>Team</dt>
          <dd>
            <TeamFact user={user} />
          </dd>
        </motion.div>
      </dl>

      <section aria-labelledby="home-sections">
        <h2 id="home-sections" className={styles.sectionTitle}>
          Your workspace
        </h2>
        <ul className={styles.sections}>
          {sections.map((item) => (
            <motion.li key={item.path} variants={cardVariants}>
              <Link to={item.path} className={styles.sectionLink}>
                <span className={styles.sectionName}>{item.label}</span>
                <span className={styles.sectionSummary}>{item.summary}</span>
              </Link>
            </motion.li>
          ))}
        </ul>
      </section>
    </div>
  );
}
