import { Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';

/** A connection's credentials: one sealed JSON object (SecretBox), opened only where used. */
@Injectable()
export class ConnectionCredentials {
  constructor(private readonly box: SecretBox) {}

  open(connection: { credentials: string | null }): Record<string, string> {
    return connection.credentials
      ? (JSON.parse(this.box.open(connection.credentials)) as Record<string, string>)
      : {};
  }

  seal(values: Record<string, string>): string | null {
    return Object.keys(values).length > 0 ? this.box.seal(JSON.stringify(values)) : null;
  }
}
