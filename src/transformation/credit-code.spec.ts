import { creditCodeCheckChar, isValidCreditCode } from './credit-code';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('accepts published codes and computes their check character', () => {
    // Codes printed on public business licences.
    for (const code of ['91330000142916567N', '91110000802100433B', '91350100M000100Y43']) {
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
    expect(isValidCreditCode('91330000142916567N')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length and letters outside the code set', () => {
    expect(isValidCreditCode('91330000142916567A')).toBe(false);
    expect(isValidCreditCode('9133000014291656')).toBe(false);
    expect(isValidCreditCode('91330000I42916567N')).toBe(false);
    expect(isValidCreditCode('91330000142916567n')).toBe(false);
  });
});
