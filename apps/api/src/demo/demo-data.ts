import type { Role } from '@arena/contracts';

/** The demo organisation a newcomer signs in to (SPEC §6). Everything here is fictional. */
export const DEMO_PASSWORD = 'arena-demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.arena';

export const DEMO_TEAMS = ['Hunters', 'Farmers', 'Closers'] as const;

export const DEMO_PEOPLE: ReadonlyArray<{
  name: string;
  email: string;
  role: Role;
  team?: (typeof DEMO_TEAMS)[number];
}> = [
  { name: 'Avery Admin', email: DEMO_ADMIN_EMAIL, role: 'admin' },
  { name: 'Maya Patel', email: 'maya@demo.arena', role: 'manager' },
  { name: 'Leo Fischer', email: 'leo@demo.arena', role: 'manager' },
  { name: 'Sofia Rossi', email: 'sofia@demo.arena', role: 'rep', team: 'Hunters' },
  { name: 'Noah Kim', email: 'noah@demo.arena', role: 'rep', team: 'Hunters' },
  { name: 'Amara Okafor', email: 'amara@demo.arena', role: 'rep', team: 'Hunters' },
  { name: 'Lucas Martin', email: 'lucas@demo.arena', role: 'rep', team: 'Hunters' },
  { name: 'Hana Suzuki', email: 'hana@demo.arena', role: 'rep', team: 'Farmers' },
  { name: 'Diego Alvarez', email: 'diego@demo.arena', role: 'rep', team: 'Farmers' },
  { name: 'Freya Nilsen', email: 'freya@demo.arena', role: 'rep', team: 'Farmers' },
  { name: 'Omar Haddad', email: 'omar@demo.arena', role: 'rep', team: 'Farmers' },
  { name: 'Chloe Dubois', email: 'chloe@demo.arena', role: 'rep', team: 'Closers' },
  { name: 'Ethan Brooks', email: 'ethan@demo.arena', role: 'rep', team: 'Closers' },
  { name: 'Priya Nair', email: 'priya@demo.arena', role: 'rep', team: 'Closers' },
  { name: 'Jonas Weber', email: 'jonas@demo.arena', role: 'rep', team: 'Closers' },
];

/** Weights reward the behaviours that lead to revenue, with caps so nobody wins by spamming calls. */
export const DEMO_RULES = [
  { activityType: 'call', pointsPerUnit: 2, dailyCap: 40 },
  { activityType: 'meeting', pointsPerUnit: 10 },
  { activityType: 'demo', pointsPerUnit: 25 },
  { activityType: 'proposal', pointsPerUnit: 30 },
  { activityType: 'referral', pointsPerUnit: 15 },
  { activityType: 'crm_update', pointsPerUnit: 1, dailyCap: 20 },
  { activityType: 'site_visit', pointsPerUnit: 20 },
  { activityType: 'deal_won', pointsPerUnit: 100 },
];

/** How often each type happens relative to the others, and its typical quantity. */
export const DEMO_ACTIVITY_MIX: ReadonlyArray<{
  type: string;
  weight: number;
  quantity: () => number;
}> = [
  { type: 'call', weight: 40, quantity: () => 1 + Math.floor(Math.random() * 3) },
  { type: 'crm_update', weight: 20, quantity: () => 1 + Math.floor(Math.random() * 4) },
  { type: 'meeting', weight: 14, quantity: () => 1 },
  { type: 'demo', weight: 8, quantity: () => 1 },
  { type: 'proposal', weight: 5, quantity: () => 1 },
  { type: 'referral', weight: 4, quantity: () => 1 },
  { type: 'site_visit', weight: 4, quantity: () => 1 },
  { type: 'deal_won', weight: 2, quantity: () => 1 },
  { type: 'revenue', weight: 3, quantity: () => Math.round(2_000 + Math.random() * 48_000) },
];

export function pickActivity(): { type: string; quantity: number } {
  const total = DEMO_ACTIVITY_MIX.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = Math.random() * total;
  for (const entry of DEMO_ACTIVITY_MIX) {
    roll -= entry.weight;
    if (roll <= 0) return { type: entry.type, quantity: entry.quantity() };
  }
  return { type: 'call', quantity: 1 };
}
