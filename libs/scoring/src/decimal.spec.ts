import Decimal from 'decimal.js';
import { ScoringDecimal, decimalString, roundPoints, toDecimal, toPointsNumber } from './decimal';

describe('toDecimal', () => {
  it('reads strings, numbers (by their shortest form) and foreign Decimals exactly', () => {
    expect(toDecimal('12.50').toString()).toBe('12.5');
    expect(toDecimal(0.1).toString()).toBe('0.1');
    expect(toDecimal(new Decimal('1.23456789012345678901234567890')).toString()).toBe(
      '1.2345678901234567890123456789',
    );
  });

  it.each([['abc'], [''], [' 1'], [Number.NaN], [Number.POSITIVE_INFINITY], ['Infinity']])(
    'rejects %p with a RangeError',
    (value) => {
      expect(() => toDecimal(value)).toThrow(RangeError);
    },
  );

  it('does not depend on the global Decimal configuration', () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    Decimal.set({ precision: 3, rounding: Decimal.ROUND_DOWN });
    try {
      expect(toDecimal('1234.56').times('0.01').toString()).toBe('12.3456');
      expect(roundPoints('2.345')).toBe('2.35');
    } finally {
      Decimal.set(saved);
    }
  });
});

describe('decimalString', () => {
  it.each([
    ['12.500', '12.5'],
    ['1234.56', '1234.56'],
    ['3.00', '3'],
    ['-0', '0'],
    ['0.000', '0'],
    ['1e-9', '0.000000001'],
    ['1e25', '10000000000000000000000000'],
    ['-2.50', '-2.5'],
  ])('normalises %s to %s', (input, expected) => {
    expect(decimalString(input)).toBe(expected);
  });

  it('adds 0.1 three times with no float drift', () => {
    const sum = new ScoringDecimal(0.1).plus(0.1).plus(0.1);
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(decimalString(sum)).toBe('0.3');
  });
});

describe('roundPoints', () => {
  it.each([
    ['0.3', '0.30'],
    ['12', '12.00'],
    ['2.345', '2.35'],
    ['2.344999', '2.34'],
    ['2.3449999999999999999999999', '2.34'],
    ['0.005', '0.01'],
    ['0.004999', '0.00'],
    ['12.3555', '12.36'],
    ['1.005', '1.01'], // 1.005 as a float is 1.00499999999999989…
    ['-0.005', '-0.01'], // half-up rounds halves away from zero
    ['-0.001', '0.00'], // never "-0.00"
    ['99999999999999999999.995', '100000000000000000000.00'],
  ])('rounds %s to %s', (input, expected) => {
    expect(roundPoints(input)).toBe(expected);
  });

  it('accepts numbers and Decimals', () => {
    expect(roundPoints(1.005)).toBe('1.01');
    expect(roundPoints(new ScoringDecimal('7.125'))).toBe('7.13');
  });
});

describe('toPointsNumber', () => {
  it('is the rounded value as a JSON number', () => {
    expect(toPointsNumber('2.345')).toBe(2.35);
    expect(toPointsNumber('0.1')).toBe(0.1);
    expect(toPointsNumber('12')).toBe(12);
    expect(toPointsNumber('-0.001')).toBe(0);
    expect(Object.is(toPointsNumber('-0.001'), 0)).toBe(true);
  });
});
