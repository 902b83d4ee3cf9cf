import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InvalidInputError, type FieldErrors } from './domain-errors';

/**
 * The one policy for hostile characters in request input, applied at the edge to every string of
 * every query string, path parameter and body (and to every key), before any DTO validation:
 *
 * - C0 control characters other than tab, line feed and carriage return, DEL, and the C1 controls
 *   (U+0080–U+009F) are refused. PostgreSQL cannot store NUL in text at all, and none of them has a
 *   meaning in a title, a name or a search term.
 * - Characters that change the direction of text without being visible — the bidi embeddings and
 *   overrides (U+202A–U+202E), isolates (U+2066–U+2069) and marks (U+200E, U+200F, U+061C) — are
 *   refused, so that a title cannot display in another order than it is stored. Password fields are
 *   the exception (a password is never displayed, and one set earlier must keep working).
 * - A body nested deeper than MAX_DEPTH levels is refused before anything walks it recursively.
 *
 * The answer is a 400 naming each field with a Chinese message; nothing is stripped silently.
 */
export const MAX_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const PASSWORD_FIELD = /password$/i;

export const CONTROL_MESSAGE = '不能包含控制字符(如 NUL 等不可见字符)';
export const BIDI_MESSAGE = '不能包含改变文字方向的不可见字符';
export const DEPTH_MESSAGE = `嵌套层次过深(最多 ${MAX_DEPTH} 层)`;

function problemOf(text: string, key: string): string | null {
  if (CONTROL.test(text)) return CONTROL_MESSAGE;
  if (!PASSWORD_FIELD.test(key) && BIDI.test(text)) return BIDI_MESSAGE;
  return null;
}

/**
 * Every problem in `value`, keyed by field path (`completers.0.name`, as class-validator's paths
 * read), walking iteratively so that no input can exhaust the stack. `root` names a bare value.
 */
export function inputTextProblems(value: unknown, root = ''): FieldErrors {
  const out: FieldErrors = {};
  const add = (path: string, message: string) => {
    const key = path || root || 'body';
    out[key] = [...new Set([...(out[key] ?? []), message])];
  };
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = problemOf(v, path.split('.').pop() ?? '');
      if (problem) add(path, problem);
      continue;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_DEPTH) {
      add(root, DEPTH_MESSAGE);
      // One message is enough; the rest of the value is not walked.
      return out;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const childPath = path ? `${path}.${k}` : k;
      const keyProblem = problemOf(k, '');
      if (keyProblem) add(childPath, keyProblem);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return out;
}

/** Throws the 400 for `value` if any string in it breaks the policy above. */
export function assertCleanInput(value: unknown, root = ''): void {
  const errors = inputTextProblems(value, root);
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
}

/**
 * The global pipe (registered before the validation pipe): query, path parameters and bodies of
 * every route, API and console alike. Custom parameter decorators are left alone: a console form
 * that re-renders itself with the field messages reads its body through one and checks it with
 * `validateAs`, which applies the same policy.
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    assertCleanInput(value, metadata.data ?? '');
    return value;
  }
}

/**
 * Defence in depth for output: whatever reached storage before this policy (or by another path)
 * is shown without its direction-changing characters, so a page never renders them raw.
 */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_ALL, '');
}
