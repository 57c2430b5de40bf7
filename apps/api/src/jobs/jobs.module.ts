import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** The durable job queue, one per instance, for every feature that needs one. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
