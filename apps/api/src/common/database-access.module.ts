import { Global, Module } from '@nestjs/common';
import { OrgSql } from './org-sql';
import { Transactions } from './transaction';

/** The scoped ways in: raw SQL bound to the organisation, and transactions. */
@Global()
@Module({ providers: [OrgSql, Transactions], exports: [OrgSql, Transactions] })
export class DatabaseAccessModule {}
