import { parentPort } from 'node:worker_threads';
import { weakPasswordReason } from './password-strength';

/** A password to check, with the account's own words (its email and name). */
export interface StrengthItem {
  password: string;
  userInputs: string[];
}

export interface StrengthRequest {
  id: number;
  items: StrengthItem[];
}

export interface StrengthReply {
  id: number;
  reasons: Array<string | null>;
}

// The zxcvbn check costs milliseconds of CPU per password: in bulk it runs here, off the event loop.
parentPort?.on('message', ({ id, items }: StrengthRequest) => {
  const reasons = items.map((item) => weakPasswordReason(item.password, item.userInputs));
  parentPort?.postMessage({ id, reasons } satisfies StrengthReply);
});
