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
  },
  {
    path: '/recognition',
    label: 'Recognition',
    roles: ROLES,
    summary: 'Kudos and badges from your managers, as they happen.',
  },
  {
    path: '/contests',
    label: 'Contests',
    roles: ['manager', 'admin'],
    summary:
      'Design contests that weight the activities behind revenue, and preview them on past data.',
  },
  {
    path: '/coaching',
    label: 'Coaching',
    roles: ROLES,
    summary: 'Behaviours rated at the start and end of a contest, next to the activity, and notes.',
  },
  {
    path: '/insights',
    label: 'Insights',
    roles: ['manager', 'admin'],
    summary: 'Activities next to outcomes: which behaviours lead to revenue.',
  },
  {
    path: '/admin',
    label: 'Admin',
    roles: ['admin'],
    summary: 'People, teams, the activity catalogue, CRM connections, API keys and TV displays.',
  },
];
