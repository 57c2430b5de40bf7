import { decimalString } from '@arena/scoring';
import { normalisedNumeric } from './contest-rescorer';

describe('normalisedNumeric', () => {
  it("reads PostgreSQL's numeric text in the engine's normalised form", () => {
    for (const text of ['12.50', '0.00', '0', '-0.010', '1200', '1200.000', '0.0000001', '-3'])
      expect(normalisedNumeric(text)).toBe(decimalString(text));
  });
});
