import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

// C0 controls, DEL and C1 controls, and the Unicode line and paragraph separators: none belongs in a name (and
// most C0 controls cannot be written in the XML of an xlsx report at all).
// eslint-disable-next-line no-control-regex -- finding them is the point
const NOT_IN_A_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// The same, except tab, line feed and carriage return, for multi-line text.
// eslint-disable-next-line no-control-regex -- finding them is the point
const NOT_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (String.isWellFormed is
// ES2024, past the project's lib).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` is not plain text, or null when it is (non-strings are left to @IsString). */
export function plainTextProblem(value: unknown, multiline = false): string | null {
  if (typeof value !== 'string') return null;
  const bad = (multiline ? NOT_IN_TEXT : NOT_IN_A_LINE).exec(value);
  if (bad) {
    const c = bad[0].charCodeAt(0);
    const kind = c >= 0x2028 ? 'line separator' : 'control character';
    return `contains the ${kind} U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index}`;
  }
  // An unpaired UTF-16 surrogate (a broken "\ud83d" escape) has no UTF-8 form: the database, reports and
  // webhooks would hold a replacement character instead of what was sent.
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

/**
 * Free text a person typed — a name, a reason — and Interdict shows back in the dashboard, reports and webhooks:
 * no control characters (names are one line; `multiline` allows tab and line breaks) and no unpaired UTF-16
 * surrogates. `each` checks every item of an array. A refusal is `400 validation_failed` naming the field.
 */
export function PlainText(options: { multiline?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const { multiline = false, ...validationOptions } = options;
  return ValidateBy(
    {
      name: multiline ? 'plainText' : 'singleLineText',
      validator: {
        validate: (value: unknown) => plainTextProblem(value, multiline) === null,
        defaultMessage: (args?: ValidationArguments) => {
          const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const at = values.findIndex((v) => plainTextProblem(v, multiline) !== null);
          const which = Array.isArray(args?.value) ? ` item ${at}` : '';
          const problem = at < 0 ? 'must be plain text' : plainTextProblem(values[at], multiline);
          return `${args?.property ?? 'value'}${which} ${problem}`;
        },
      },
    },
    validationOptions,
  );
}
