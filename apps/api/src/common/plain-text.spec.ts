import { plainTextProblem } from './plain-text';

describe('plainTextProblem', () => {
  it.each(['Contoso Intune', 'Ünited 東京 – “SOC”', '🙂 paired surrogates', '', '   ', 'x'.repeat(500)])(
    'accepts %j',
    (text) => {
      expect(plainTextProblem(text)).toBeNull();
      expect(plainTextProblem(text, true)).toBeNull();
    },
  );

  it.each([
    ['a\u0000b', 'contains the control character U+0000 at position 1'],
    ['\u001b[31m', 'contains the control character U+001B at position 0'],
    ['tab\t', 'contains the control character U+0009 at position 3'],
    ['a\nb', 'contains the control character U+000A at position 1'],
    ['\r', 'contains the control character U+000D at position 0'],
    ['del\u007f', 'contains the control character U+007F at position 3'],
    ['\u0080', 'contains the control character U+0080 at position 0'],
    ['nel\u0085', 'contains the control character U+0085 at position 3'],
    ['\u009f', 'contains the control character U+009F at position 0'],
    ['a\u2028b', 'contains the line separator U+2028 at position 1'],
    ['\u2029', 'contains the line separator U+2029 at position 0'],
    ['x\ud83d', 'contains an unpaired UTF-16 surrogate'],
    ['\ud83dx', 'contains an unpaired UTF-16 surrogate'],
    ['\ude42', 'contains an unpaired UTF-16 surrogate'],
    ['\ude42\ud83d', 'contains an unpaired UTF-16 surrogate'],
    ['🙂\ude42', 'contains an unpaired UTF-16 surrogate'],
  ])('refuses %j in a name: %s', (text, problem) => {
    expect(plainTextProblem(text)).toBe(problem);
  });

  it('allows tab and line breaks in multi-line text, nothing else', () => {
    expect(plainTextProblem('line one\r\n\tline two\n', true)).toBeNull();
    expect(plainTextProblem('a\u000bb', true)).toBe('contains the control character U+000B at position 1');
    expect(plainTextProblem('a\u0000', true)).toBe('contains the control character U+0000 at position 1');
    expect(plainTextProblem('a\u0085', true)).toBe('contains the control character U+0085 at position 1');
    expect(plainTextProblem('\ud800', true)).toBe('contains an unpaired UTF-16 surrogate');
  });

  it('leaves non-strings to the other validators', () => {
    expect(plainTextProblem(42)).toBeNull();
    expect(plainTextProblem(null)).toBeNull();
  });
});
