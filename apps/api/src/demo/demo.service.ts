import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service';
import { hashPassword } from '../auth/password-hasher';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext, type UserPrincipal } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { ContestsService } from '../contests/contests.service';
import { BadgesService } from '../recognition/badges.service';
import { RecognitionsService } from '../recognition/recognitions.service';
import { OrgsService } from '../orgs/orgs.service';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_RULES,
  DEMO_TEAMS,
  pickActivity,
} from './demo-data';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SIMULATOR_INTERVAL_MS = 3000;

/**
 * With the embedded database and DEMO not 0: a demo organisation on first start (admin, two
 * managers, twelve reps in three teams, a live individual and a live team contest, a few days of
 * history) and a simulator that logs plausible activity every few seconds through the same
 * service a rep's phone uses — so a newcomer sees a living leaderboard.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');
  private timer?: NodeJS.Timeout;
  private manager?: UserPrincipal;
  private repIds: string[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly sql: OrgSql,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
    private readonly orgs: OrgsService,
    private readonly contests: ContestsService,
    private readonly activities: ActivitiesService,
    private readonly recognitions: RecognitionsService,
    private readonly badges: BadgesService,
  ) {}

  get enabled(): boolean {
    return this.config.demo && !this.config.databaseUrl;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    // eslint-disable-next-line no-restricted-syntax -- the demo finds its own organisation by its admin's email, as sign-in would
    const [admin] = await this.sql.unscopedQuery<{ org_id: string }>(
      `SELECT org_id FROM users WHERE email = $1`,
      [DEMO_ADMIN_EMAIL],
    );
    const orgId = admin?.org_id ?? (await this.seed());
    const people = await RequestContext.runAsOrg(orgId, () =>
      this.users.find({ where: { active: true } }),
    );
    const maya = people.find((person) => person.email === 'maya@demo.arena');
    this.repIds = people.filter((person) => person.role === 'rep').map((person) => person.id);
    if (!maya || this.repIds.length === 0) return;
    this.manager = { kind: 'user', userId: maya.id, orgId, role: 'manager' };
    this.timer = setInterval(() => void this.tick(), SIMULATOR_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The sign-in details printed at start. */
  banner(): string {
    return [
      'Demo organisation "Northwind Sales" (simulated activity every few seconds):',
      `  admin    ${DEMO_ADMIN_EMAIL}`,
      '  manager  maya@demo.arena',
      '  rep      sofia@demo.arena',
      `  password ${DEMO_PASSWORD} (all demo accounts)`,
      'The password is public: `npm run demo:remove` deletes the demo, then start with DEMO=0.',
    ].join('\n');
  }

  private async tick(): Promise<void> {
    const count = 1 + Math.floor(Math.random() * 3);
    try {
      await RequestContext.run(async () => {
        for (let i = 0; i < count; i++) {
          const userId = this.repIds[Math.floor(Math.random() * this.repIds.length)];
          await this.activities.record({
            ...pickActivity(),
            userId,
            note: 'Simulated by the demo',
          });
        }
      }, this.manager);
    } catch (error) {
      // Its organisation removed under it (`npm run demo:remove` beside a running server): stop,
      // rather than warn every few seconds.
      // eslint-disable-next-line no-restricted-syntax -- is the demo organisation still there? found by its admin's email, as at start
      const gone = await this.sql
        .unscopedQuery('SELECT 1 FROM users WHERE email = $1', [DEMO_ADMIN_EMAIL])
        .then(
          (rows) => rows.length === 0,
          () => false,
        );
      if (gone) {
        clearInterval(this.timer);
        this.logger.log('The demo organisation was removed: the simulator stopped');
      } else {
        this.logger.warn(`Simulator: ${String(error)}`);
      }
    }
  }

  private async seed(): Promise<string> {
    const started = Date.now();
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const signup = await this.orgs.signup({
      orgName: 'Northwind Sales',
      timezone,
      adminName: DEMO_PEOPLE[0].name,
      adminEmail: DEMO_ADMIN_EMAIL,
      adminPassword: DEMO_PASSWORD,
    });
    const orgId = signup.org.id;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const { teams, people } = await RequestContext.runAsOrg(orgId, async () => {
      const teams = await Promise.all(
        DEMO_TEAMS.map((name) => this.teams.save(this.teams.create({ name }))),
      );
      const teamId = (name?: string) => teams.find((team) => team.name === name)?.id ?? null;
      const people: UserEntity[] = [];
      for (const { team, ...person } of DEMO_PEOPLE.slice(1)) {
        people.push(
          await this.users.save(
            this.users.create({
              ...person,
              teamId: teamId(team),
              competes: person.role === 'rep',
              passwordHash,
            }),
          ),
        );
      }
      return { teams, people };
    });
    const maya = people.find((person) => person.email === 'maya@demo.arena')!;
    const reps = people.filter((person) => person.role === 'rep');
    const principal: UserPrincipal = { kind: 'user', userId: maya.id, orgId, role: 'manager' };

    await RequestContext.run(async () => {
      const now = Date.now();
      const startsAt = new Date(now - 3 * DAY).toISOString();
      const endsAt = new Date(now + 11 * DAY).toISOString();
      const sprint = await this.contests.create({
        name: demoSprintName(new Date(now), timezone),
        description: 'Every call, meeting and demo counts. Power hour on calls right now!',
        startsAt,
        endsAt,
        participantIds: reps.map((rep) => rep.id),
        rules: DEMO_RULES,
        multipliers: [
          {
            startsAt: new Date(now - HOUR).toISOString(),
            endsAt: new Date(now + 2 * HOUR).toISOString(),
            factor: 2,
            activityTypes: ['call'],
          },
        ],
        goalPoints: 1500,
        prizes: [
          { rank: 1, description: 'A day off' },
          { rank: 2, description: 'Team dinner voucher' },
          { rank: 3, description: 'Noise-cancelling headphones' },
        ],
        achievements: [
          { kind: 'goal_reached' },
          { kind: 'new_leader' },
          { kind: 'milestone', activityType: 'demo', units: 10 },
          { kind: 'streak', activityType: 'call', days: 3, minUnitsPerDay: 8 },
          { kind: 'final_placings' },
        ],
      });
      const cup = await this.contests.create({
        name: 'Team Cup',
        description: 'Average points per rep: every teammate matters.',
        startsAt,
        endsAt,
        mode: 'team',
        teamAggregation: 'average',
        participantIds: teams.map((team) => team.id),
        rules: DEMO_RULES,
      });
      // Three days of plausible history, so the boards are alive from the first second.
      const history = [];
      for (const rep of reps) {
        const energy = 0.6 + Math.random() * 0.8;
        for (
          let t = now - 3 * DAY;
          t < now - 60_000;
          t += ((25 + Math.random() * 50) * 60_000) / energy
        ) {
          const hour = new Date(t).getHours();
          if (hour < 8 || hour > 18) continue;
          history.push({
            ...pickActivity(),
            userId: rep.id,
            occurredAt: new Date(t).toISOString(),
          });
        }
      }
      for (let i = 0; i < history.length; i += 1000) {
        await this.activities.recordBatch({ activities: history.slice(i, i + 1000) });
      }
      await this.contests.publish(sprint.id);
      await this.contests.publish(cup.id);
      // A little recognition already on the wall.
      const badge = async (key: string) =>
        (await this.badges.list()).find((b) => b.key === key)!.id;
      await this.recognitions.create({
        recipientUserId: reps[0].id,
        badgeId: await badge('deal_closer'),
        message: 'Closed Globex after a three-month chase. Outstanding persistence!',
        contestId: sprint.id,
      });
      await this.recognitions.create({
        recipientTeamId: teams[0].id,
        badgeId: await badge('team_player'),
        message: 'Every Hunter booked a demo this week.',
        prize: 'Team dinner',
      });
      await this.recognitions.create({
        recipientUserId: reps[4].id,
        message: 'Thanks for covering my Friday calls, Hana!',
      });
      this.logger.log(
        `Created the demo organisation with ${history.length} activities in ${Date.now() - started} ms`,
      );
    }, principal);
    return orgId;
  }
}

/** The demo's individual contest is this month's sprint, in the organisation's time zone. */
export function demoSprintName(at: Date, timezone: string): string {
  const month = new Intl.DateTimeFormat('en', { month: 'long', timeZone: timezone }).format(at);
  return `${month} Activity Sprint`;
}
