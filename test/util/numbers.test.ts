import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal, formatNumber } from '../../src/util/numbers.ts';

describe('the one number formatter', () => {
  it('groups thousands with commas, whatever the locale', () => {
    expect([0, 7, 999, 1000, 12_345, 1_234_567, -1234].map(formatCount)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '12,345',
      '1,234,567',
      '-1,234',
    ]);
    expect(formatCount(1234.6)).toBe('1,235');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });

  it('keeps decimals: fixed for figures, as they are for table cells', () => {
    expect(formatDecimal(1234.56, 1)).toBe('1,234.6');
    expect(formatDecimal(-0.04, 1)).toBe('0.0');
    expect(formatDecimal(9_999.95, 1)).toBe('10,000.0');
    expect(formatNumber(9332.8)).toBe('9,332.8');
    expect(formatNumber(0.25)).toBe('0.25');
    expect(formatNumber(-12_345.5)).toBe('-12,345.5');
    expect(formatNumber(1e21)).toBe('1e+21');
  });
});
