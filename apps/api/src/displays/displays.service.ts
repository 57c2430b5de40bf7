import { createHash, randomBytes } from 'node:crypto';
import { DISPLAY_TOKEN_PREFIX, type DisplayConfig, type FieldError } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- display-token lookup: the token is what establishes the organisation
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { ForbiddenError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { webRelease } from '../config/release';
import { ContestEntity } from '../contests/entities/contest.entity';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import {
  CreateDisplayDto,
  CreatedDisplayDto,
  DisplayDto,
  UpdateDisplayDto,
} from './dto/display.dto';
import { DisplayEntity } from './entities/display.entity';

/** Display tokens are long random secrets: a fast hash is as safe as a slow one. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** TV walls: admins create them (the token is shown once), change their playlist and revoke them. */
@Injectable()
export class DisplaysService {
  constructor(
    private readonly appConfig: AppConfig,
    @InjectOrgScoped(DisplayEntity) private readonly displays: OrgScopedRepository<DisplayEntity>,
    @InjectOrgScoped(ContestEntity) private readonly contests: OrgScopedRepository<ContestEntity>,
    // Unscoped on purpose: authenticating a token is what establishes the organisation.
    @InjectRepository(DisplayEntity) private readonly allDisplays: Repository<DisplayEntity>,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    private readonly events: DomainEvents,
  ) {}

  async create(dto: CreateDisplayDto): Promise<CreatedDisplayDto> {
    await this.checkPlaylist(dto);
    const token = DISPLAY_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const principal = RequestContext.principal();
    const display = await this.displays.save(
      this.displays.create({
        name: dto.name,
        playlist: dto.playlist.map(({ contestId, screen }) => ({ contestId, screen })),
        rotationSeconds: dto.rotationSeconds ?? 20,
        tokenPrefix: token.slice(0, 12),
        tokenHash: hashToken(token),
        createdBy: principal.kind === 'user' ? principal.userId : null,
        lastSeenAt: null,
        revokedAt: null,
      }),
    );
    return { display: DisplayDto.from(display), token, url: `/tv#token=${token}` };
  }

  async list(): Promise<DisplayDto[]> {
    return (await this.displays.find({ order: { createdAt: 'DESC' } })).map(DisplayDto.from);
  }

  async get(id: string): Promise<DisplayDto> {
    return DisplayDto.from(await this.displays.getById(id));
  }

  /** A display that is showing gets its new playlist within seconds. */
  async update(id: string, dto: UpdateDisplayDto): Promise<DisplayDto> {
    const display = await this.displays.getById(id);
    const previousContestIds = display.playlist.map((item) => item.contestId);
    if (dto.playlist) await this.checkPlaylist({ playlist: dto.playlist });
    if (dto.name !== undefined) display.name = dto.name;
    if (dto.playlist)
      display.playlist = dto.playlist.map(({ contestId, screen }) => ({ contestId, screen }));
    if (dto.rotationSeconds !== undefined) display.rotationSeconds = dto.rotationSeconds;
    await this.displays.save(display);
    this.events.publish({
      kind: 'display-changed',
      orgId: display.orgId,
      displayId: display.id,
      change: 'updated',
      previousContestIds,
    });
    return DisplayDto.from(display);
  }

  /** Immediate and final: the TV shows that an admin disconnected it. The record stays. */
  async revoke(id: string): Promise<DisplayDto> {
    const display = await this.displays.getById(id);
    if (!display.revokedAt) {
      display.revokedAt = new Date();
      await this.displays.save(display);
    }
    this.events.publish({
      kind: 'display-changed',
      orgId: display.orgId,
      displayId: display.id,
      change: 'revoked',
      previousContestIds: display.playlist.map((item) => item.contestId),
    });
    return DisplayDto.from(display);
  }

  /** The display behind a token, or null when it is unknown or revoked. */
  async authenticate(token: string): Promise<DisplayEntity | null> {
    if (!token.startsWith(DISPLAY_TOKEN_PREFIX)) return null;
    const display = await this.allDisplays.findOneBy({
      tokenHash: hashToken(token),
      revokedAt: IsNull(),
    });
    if (!display) return null;
    await this.allDisplays
      .createQueryBuilder()
      .update()
      .set({ lastSeenAt: () => 'now()' })
      .where("id = :id AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')", {
        id: display.id,
      })
      .execute();
    return display;
  }

  /** Still showing (not revoked), with its current playlist. */
  async current(displayId: string): Promise<DisplayEntity | null> {
    return this.allDisplays.findOneBy({ id: displayId, revokedAt: IsNull() });
  }

  /** What the calling display shows: its playlist with the contests (published ones). */
  async config(
    readable: (contestId: string) => Promise<DisplayConfig['playlist'][number]['contest'] | null>,
  ): Promise<DisplayConfig> {
    const principal = RequestContext.principal();
    if (principal.kind !== 'display') throw new ForbiddenError('Only a display has a playlist.');
    const display = await this.displays.getById(principal.displayId);
    const org = await this.orgs.findOneByOrFail({ id: display.orgId });
    const playlist: DisplayConfig['playlist'] = [];
    for (const item of display.playlist) {
      const contest = await readable(item.contestId);
      if (contest) playlist.push({ ...item, contest });
    }
    return {
      id: display.id,
      name: display.name,
      orgName: org.name,
      rotationSeconds: display.rotationSeconds,
      playlist,
      release: webRelease(this.appConfig.webDist),
    };
  }

  private async checkPlaylist(dto: Pick<CreateDisplayDto, 'playlist'>): Promise<void> {
    const ids = [...new Set(dto.playlist.map((item) => item.contestId))];
    const found = new Set(
      (await this.contests.find({ where: { id: In(ids) }, select: { id: true } })).map((c) => c.id),
    );
    const errors: FieldError[] = [];
    dto.playlist.forEach((item, i) => {
      if (!found.has(item.contestId)) {
        errors.push({
          field: `playlist.${i}.contestId`,
          messages: ['no contest with this id in your organisation'],
        });
      }
    });
    if (errors.length > 0) throw new InvalidInputError('Invalid playlist.', errors);
  }
}
