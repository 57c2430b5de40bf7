import { DEFAULT_ACTIVITY_TYPES } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import {
  ActivityTypeDto,
  CreateActivityTypeDto,
  UpdateActivityTypeDto,
} from './dto/activity-type.dto';
import { ActivityTypeEntity } from './entities/activity-type.entity';

@Injectable()
export class ActivityTypesService {
  constructor(
    @InjectOrgScoped(ActivityTypeEntity)
    private readonly types: OrgScopedRepository<ActivityTypeEntity>,
  ) {}

  /** The default catalogue of a new organisation (SPEC §2), inside its signup transaction. */
  async createDefaults(manager: EntityManager, orgId: string): Promise<void> {
    await manager.insert(
      ActivityTypeEntity,
      DEFAULT_ACTIVITY_TYPES.map((type) => ({ ...type, orgId })),
    );
  }

  async create(dto: CreateActivityTypeDto): Promise<ActivityTypeDto> {
    try {
      return ActivityTypeDto.from(await this.types.save(this.types.create({ ...dto })));
    } catch (error) {
      if (isUniqueViolation(error, 'uq_activity_types_org_key')) {
        throw new ConflictError(`An activity type with key "${dto.key}" already exists.`);
      }
      throw error;
    }
  }

  async list(): Promise<ActivityTypeDto[]> {
    const types = await this.types.find({
      order: { category: 'ASC', createdAt: 'ASC', key: 'ASC' },
    });
    return types.map(ActivityTypeDto.from);
  }

  async get(id: string): Promise<ActivityTypeDto> {
    return ActivityTypeDto.from(await this.types.getById(id));
  }

  async update(id: string, dto: UpdateActivityTypeDto): Promise<ActivityTypeDto> {
    const type = await this.types.getById(id);
    if (dto.label !== undefined) type.label = dto.label;
    if (dto.active !== undefined) type.active = dto.active;
    return ActivityTypeDto.from(await this.types.save(type));
  }
}
