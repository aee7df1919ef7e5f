import { describe, expect, it } from 'vitest';
import { maskDigitRuns, maskNik, maskPhone } from './masks.ts';

describe('masks', () => {
  it('shows the first and last four digits of a NIK and a phone number', () => {
    expect(maskNik('3672014501900003')).toBe('3672••••••••0003');
    expect(maskPhone('081234565678')).toBe('0812••••5678');
    expect(maskPhone('0812345656789')).toBe('0812•••••6789');
    expect(maskPhone('0254123456')).toBe('0254••••56');
    expect(maskPhone('0254123')).toBe('•••••••');
  });

  it('masks long digit runs in free text and leaves what Excel made of a NIK', () => {
    expect(maskDigitRuns('3672014501900003', 8)).toBe('3672••••••••0003');
    expect(maskDigitRuns('3672014501900003.0', 8)).toBe('3672•••••••••0030');
    expect(maskDigitRuns('3672 0145 0190 0003', 8)).toBe('3672••••••••0003');
    expect(maskDigitRuns('+62 812-3456-5678', 8)).toBe('+6281•••••5678');
    expect(maskDigitRuns('3.67201E+15', 8)).toBe('3.67201E+15');
    expect(maskDigitRuns('12/03/1985', 8)).toBe('12/03/1985');
    expect(maskDigitRuns('36.72.01.1001', 11)).toBe('36.72.01.1001');
    expect(maskDigitRuns('NIK 3672014501900003 salah', 11)).toBe('NIK 3672••••••••0003 salah');
    expect(maskDigitRuns('Siti', 8)).toBe('Siti');
  });
});
