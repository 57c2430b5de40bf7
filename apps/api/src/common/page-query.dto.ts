import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Far beyond any list and well inside PostgreSQL's bigint and JavaScript's safe integers:
 * `offset=99999999999999999999` answered 500 (`bigint out of range`).
 */
export const MAX_OFFSET = 1_000_000_000;

/** `?limit&offset` of every paged list; subclasses add their filters. */
export class PageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    description: 'page size (default depends on the list)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

/** Query strings carry `true`/`false` as text. */
export const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
