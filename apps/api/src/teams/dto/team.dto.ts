import type { CreateTeamRequest, Team, UpdateTeamRequest } from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsName } from '../../common/validators';
import type { TeamEntity } from '../entities/team.entity';

export class TeamDto implements Team {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'North' }) name!: string;
  @ApiProperty({ description: 'Active members' }) memberCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: TeamEntity, memberCount: number): TeamDto {
    return {
      id: entity.id,
      name: entity.name,
      memberCount,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreateTeamDto implements CreateTeamRequest {
  @ApiProperty({ example: 'North' })
  @IsName(80)
  name!: string;
}

export class UpdateTeamDto implements UpdateTeamRequest {
  @ApiPropertyOptional({ example: 'North-East' })
  @IsOptional()
  @IsName(80)
  name?: string;
}
