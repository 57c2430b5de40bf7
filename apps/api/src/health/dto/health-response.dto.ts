import type { DependencyStatus, HealthResponse, ReadinessResponse } from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const DEPENDENCY_STATUSES: DependencyStatus[] = ['ok', 'unavailable'];

class HealthChecksDto {
  @ApiProperty({ enum: DEPENDENCY_STATUSES })
  database!: DependencyStatus;

  @ApiPropertyOptional({
    enum: DEPENDENCY_STATUSES,
    description:
      'Absent without REDIS_URL; unavailable means live updates reach only this instance',
  })
  redis?: DependencyStatus;
}

export class HealthResponseDto implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'unavailable'] })
  status!: HealthResponse['status'];

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;
}

export class ReadinessResponseDto implements ReadinessResponse {
  @ApiProperty({ enum: ['ready', 'not-ready'] })
  status!: ReadinessResponse['status'];

  @ApiPropertyOptional({ example: 'shutting down' })
  reason?: string;
}
