import {
  CONTEST_LIMITS,
  contestDefinitionProblems,
  type ContestDefinition,
  type ContestProblem,
  type FieldError,
  type ParticipantStanding,
} from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { Raw, type EntityManager } from 'typeorm';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { ConflictError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { TeamEntity } from '../teams/entities/team.entity';
import { competes } from '../users/competitors';
import { UserEntity } from '../users/entities/user.entity';

/** What the stored contest says about the change being checked. */
export interface DefinitionCheck {
  /** Publishing, or an edit of a published contest: it must stay publishable. */
  published?: boolean;
  /** A published contest that has ended: its stored definition, whose fixed fields may not change. */
  endedAs?: ContestDefinition;
  /** Caller-specific problems, reported in the same 400. */
  extra?: FieldError[];
}

/**
 * The API's side of the shared contest rules (`contestDefinitionProblems` in @arena/contracts,
 * which the web designer runs too): it supplies what only the database knows — the catalogue and
 * the participants — and turns the problems into the answer: `409 contest_ended` when an ended
 * contest's fixed fields would change, else `400` naming every problem with its code.
 */
@Injectable()
export class ContestDefinitionValidator {
  constructor(
    @InjectOrgScoped(ActivityTypeEntity)
    private readonly types: OrgScopedRepository<ActivityTypeEntity>,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
  ) {}

  /**
   * Throws unless `definition` may be stored. Inside a transaction pass its `manager`: a
   * transaction that holds locks and waits for a second pooled connection can starve the pool
   * (every connection held by writers waiting for its locks).
   */
  async validate(
    definition: ContestDefinition,
    check: DefinitionCheck = {},
    manager?: EntityManager,
  ): Promise<void> {
    const types = manager ? this.types.withManager(manager) : this.types;
    const keys = new Set((await types.find({ select: { key: true } })).map((type) => type.key));
    const problems = contestDefinitionProblems(definition, {
      activityTypes: keys,
      participant: await this.participantStandings(definition, manager),
      published: check.published,
      endedAs: check.endedAs,
    });

    const fixed = problems.filter((problem) => problem.code === 'contest_ended');
    if (fixed.length > 0) {
      throw new ConflictError(
        `This contest has ended: its ${fixed.map((p) => p.field).join(', ')} can no longer change (its name and description can).`,
        'contest_ended',
      );
    }
    const errors = [...(check.extra ?? []), ...problems.map(fieldError)];
    if (errors.length > 0) {
      const summary = errors
        .map((error) => `${error.field}: ${error.messages.join(' ')}`)
        .join(' ');
      throw new InvalidInputError(`Invalid contest. ${summary}`, errors);
    }
  }

  /** How each listed id stands in the definition's mode, read in one query. */
  private async participantStandings(
    definition: ContestDefinition,
    manager?: EntityManager,
  ): Promise<(id: string) => ParticipantStanding> {
    const ids = definition.participantIds ?? [];
    // An over-long list is refused by the rules without looking its ids up.
    if (ids.length === 0 || ids.length > CONTEST_LIMITS.participants) return () => 'competes';
    // `= ANY(array)`: one bind parameter for up to 100,000 ids (`IN (…)` takes one each).
    const listed = Raw((column) => `${column} = ANY(:ids::uuid[])`, { ids: [...new Set(ids)] });
    if (definition.mode === 'team' || definition.participantScope === 'teams') {
      const teams = manager ? this.teams.withManager(manager) : this.teams;
      const found = new Set(
        (await teams.find({ where: { id: listed }, select: { id: true } })).map((team) => team.id),
      );
      return (id) => (found.has(id) ? 'competes' : 'unknown');
    }
    const users = manager ? this.users.withManager(manager) : this.users;
    const found = new Map(
      (
        await users.find({
          where: { id: listed, active: true },
          select: { id: true, active: true, competes: true },
        })
      ).map((user) => [user.id, user]),
    );
    return (id) => {
      const user = found.get(id);
      return !user ? 'unknown' : competes(user) ? 'competes' : 'not_competing';
    };
  }
}

function fieldError(problem: ContestProblem): FieldError {
  return { field: problem.field, messages: [problem.message], codes: [problem.code] };
}
