import { DEFAULT_BADGES } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { BadgeDto, CreateBadgeDto, UpdateBadgeDto } from './dto/recognition.dto';
import { BadgeEntity } from './entities/badge.entity';

/** A new organisation's badge catalogue, inside its sign-up transaction. */
export async function insertDefaultBadges(manager: EntityManager, orgId: string): Promise<void> {
  await manager.insert(
    BadgeEntity,
    DEFAULT_BADGES.map((badge) => ({ ...badge, orgId })),
  );
}

/** The organisation's badge catalogue: admins extend and retire it, everyone reads it. */
@Injectable()
export class BadgesService {
  constructor(
    @InjectOrgScoped(BadgeEntity) private readonly badges: OrgScopedRepository<BadgeEntity>,
  ) {}

  async list(): Promise<BadgeDto[]> {
    const badges = await this.badges.find({ order: { createdAt: 'ASC', key: 'ASC' } });
    return badges.map((badge) => BadgeDto.from(badge));
  }

  async create(dto: CreateBadgeDto): Promise<BadgeDto> {
    const badge = this.badges.create({
      key: dto.key,
      name: dto.name,
      description: dto.description ?? '',
      emoji: dto.emoji,
      color: dto.color,
      retiredAt: null,
    });
    return BadgeDto.from(await this.saveUnique(badge));
  }

  async update(id: string, dto: UpdateBadgeDto): Promise<BadgeDto> {
    const badge = await this.badges.getById(id);
    if (dto.name !== undefined) badge.name = dto.name;
    if (dto.description !== undefined) badge.description = dto.description;
    if (dto.emoji !== undefined) badge.emoji = dto.emoji;
    if (dto.color !== undefined) badge.color = dto.color;
    if (dto.retired !== undefined)
      badge.retiredAt = dto.retired ? (badge.retiredAt ?? new Date()) : null;
    return BadgeDto.from(await this.saveUnique(badge));
  }

  private async saveUnique(badge: BadgeEntity): Promise<BadgeEntity> {
    try {
      return await this.badges.save(badge);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_badges_org_key'))
        throw new ConflictError(`A badge with key "${badge.key}" already exists.`);
      throw error;
    }
  }
}
