import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { UserEntity } from '../users/entities/user.entity';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamEntity } from './entities/team.entity';

@Injectable()
export class TeamsService {
  constructor(
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
  ) {}

  async create(dto: CreateTeamDto): Promise<TeamDto> {
    const team = await this.saveUnique(this.teams.create({ name: dto.name }));
    return TeamDto.from(team, 0);
  }

  async list(): Promise<TeamDto[]> {
    const [teams, counts] = await Promise.all([
      this.teams.find({ order: { name: 'ASC' } }),
      this.memberCounts(),
    ]);
    return teams.map((team) => TeamDto.from(team, counts.get(team.id) ?? 0));
  }

  async get(id: string): Promise<TeamDto> {
    const team = await this.teams.getById(id);
    return TeamDto.from(team, (await this.memberCounts(id)).get(id) ?? 0);
  }

  async update(id: string, dto: UpdateTeamDto): Promise<TeamDto> {
    const team = await this.teams.getById(id);
    if (dto.name !== undefined) team.name = dto.name;
    await this.saveUnique(team);
    return this.get(id);
  }

  private async saveUnique(team: TeamEntity): Promise<TeamEntity> {
    try {
      return await this.teams.save(team);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_teams_org_name'))
        throw new ConflictError(`A team named "${team.name}" already exists.`);
      throw error;
    }
  }

  private async memberCounts(teamId?: string): Promise<Map<string, number>> {
    const query = this.users
      .queryBuilder('u')
      .select('u.teamId', 'teamId')
      .addSelect('COUNT(*)::int', 'count')
      .andWhere('u.active')
      .andWhere('u.teamId IS NOT NULL')
      .groupBy('u.teamId');
    if (teamId) query.andWhere('u.teamId = :teamId', { teamId });
    const rows = await query.getRawMany<{ teamId: string; count: number }>();
    return new Map(rows.map((row) => [row.teamId, row.count]));
  }
}
