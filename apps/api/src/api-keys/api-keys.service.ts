import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- API-key lookup: the key is what establishes the organisation
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { RequestContext } from '../common/request-context';
import { ApiKeyDto, type CreateApiKeyDto, type CreatedApiKeyDto } from './dto/api-key.dto';
import { ApiKeyEntity } from './entities/api-key.entity';

export const API_KEY_TOKEN_PREFIX = 'arena_';

/** API keys are long random secrets, so a fast hash is as safe as a slow one and costs nothing per request. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectOrgScoped(ApiKeyEntity) private readonly keys: OrgScopedRepository<ApiKeyEntity>,
    // Unscoped on purpose: authenticating a key is what establishes the organisation.
    @InjectRepository(ApiKeyEntity) private readonly allKeys: Repository<ApiKeyEntity>,
  ) {}

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const key = API_KEY_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const principal = RequestContext.principal();
    const entity = await this.keys.save(
      this.keys.create({
        name: dto.name,
        prefix: key.slice(0, 12),
        keyHash: hashKey(key),
        scopes: dto.scopes ?? ['activities:write'],
        createdBy: principal.kind === 'user' ? principal.userId : null,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { ...ApiKeyDto.from(entity), key };
  }

  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC' } })).map(ApiKeyDto.from);
  }

  /** Revoking is immediate and final; the record stays for the audit trail. */
  async revoke(id: string): Promise<ApiKeyDto> {
    const key = await this.keys.getById(id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
    }
    return ApiKeyDto.from(key);
  }

  /** The live key behind a bearer secret, or null. Records its use at most once a minute. */
  async authenticate(secret: string): Promise<ApiKeyEntity | null> {
    const key = await this.allKeys.findOneBy({ keyHash: hashKey(secret), revokedAt: IsNull() });
    if (!key) return null;
    await this.allKeys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where("id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", {
        id: key.id,
      })
      .execute();
    return key;
  }
}
