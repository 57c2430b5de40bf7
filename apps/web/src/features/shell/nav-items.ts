import { ROLES, type Role } from '@arena/contracts';

export type NavItem = {
  path: string;
  label: string;
  /** Who sees the link and may open the page. */
  roles: readonly Role[];
  /** One line about the section, for the home page. */
  summary: string;
  /** What the page says until its feature is built. */
  placeholder?: string;
};

/** The app's sections. Navigation and route access are both derived from this one list. */
export const navItems: readonly NavItem[] = [
  {
    path: '/',
    label: 'Home',
    roles: ROLES,
    summary: 'Where you stand today.',
  },
  {
    path: '/leaderboards',
    label: 'Leaderboards',
    roles: ROLES,
    summary: 'Live rankings for your contests, and exactly why everyone has their points.',
    placeholder:
      'Leaderboards arrive with the first live contest: ranks, points and a breakdown of every activity that earned them.',
  },
  {
    path: '/recognition',
    label: 'Recognition',
    roles: ROLES,
    summary: 'Kudos and badges from your managers, as they happen.',
    placeholder:
      'Recognition arrives with the recognition feed: kudos and badges from managers, celebrated as they happen.',
  },
  {
    path: '/contests',
    label: 'Contests',
    roles: ['manager', 'admin'],
    summary:
      'Design contests that weight the activities behind revenue, and preview them on past data.',
    placeholder:
      'Contests arrive with the contest designer: rules, weights, caps, power hours, goals and prizes, previewed on past data before launch.',
  },
  {
    path: '/coaching',
    label: 'Coaching',
    roles: ['manager', 'admin'],
    summary: "See each rep's activity mix and where a conversation would help.",
    placeholder:
      "Coaching arrives with activity insights: each rep's activity mix over time and the behaviours worth a conversation.",
  },
  {
    path: '/admin',
    label: 'Admin',
    roles: ['admin'],
    summary: 'People, teams, the activity catalogue, API keys and TV displays.',
    placeholder:
      'Administration arrives with user and team management: people, teams, the activity catalogue, API keys and TV displays.',
  },
];
