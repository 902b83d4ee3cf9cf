import { fromBuffer } from 'file-type';
import { PayloadTooLargeError } from '../common/domain-errors';

/** What may be attached, by detected content. `extensions` are the names a file of it may carry. */
export const ALLOWED_TYPES = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
} as const;

export type AllowedExt = keyof typeof ALLOWED_TYPES;
export interface DetectedType {
  ext: AllowedExt;
  mime: string;
}

/** The file's type from its bytes (magic numbers, zip entries), or null if it is not allowed. */
export async function detectAllowedType(bytes: Buffer): Promise<DetectedType | null> {
  if (bytes.length === 0) return null;
  // A damaged container can make the detector itself fail; that is a refusal, not a crash.
  const detected = await fromBuffer(bytes).catch(() => undefined);
  if (!detected || !Object.hasOwn(ALLOWED_TYPES, detected.ext)) return null;
  const ext = detected.ext as AllowedExt;
  return { ext, mime: ALLOWED_TYPES[ext].mime };
}

const MAX_NAME_BYTES = 200;
const FALLBACK_NAME = '附件';
/* eslint-disable no-control-regex */
// C0/C1 controls, and the bidi/zero-width format characters that make "gpj.exe" look like "exe.jpg".
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */
const RESERVED = /[<>:"|?*]/g;

/**
 * The name kept for a file: no directories, no control or bidi characters, no characters Windows
 * refuses, no leading dots, at most 200 UTF-8 bytes, and ending in an extension that matches what
 * the content is (one is appended if the name says otherwise).
 */
export function sanitizeFileName(raw: string | undefined, type: DetectedType): string {
  let name = (raw ?? '').normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!name) name = FALLBACK_NAME;

  const dot = name.lastIndexOf('.');
  const currentExt = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const allowed: readonly string[] = ALLOWED_TYPES[type.ext].extensions;
  let stem = name;
  let ext = type.ext as string;
  if (allowed.includes(currentExt)) {
    stem = name.slice(0, dot);
    ext = name.slice(dot + 1);
  }
  return `${truncateUtf8(stem, MAX_NAME_BYTES - Buffer.byteLength(`.${ext}`)) || FALLBACK_NAME}.${ext}`;
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out.trimEnd();
}

/**
 * `attachment` with an ASCII fallback `filename` for old clients and the exact name as RFC 5987
 * `filename*` (UTF-8, percent-encoded), so Chinese names survive and nothing can break the header.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The refusal of a file over the configured limit, naming the limit. */
export function attachmentTooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`附件不能超过 ${formatBytes(maxBytes)}`, { maxBytes });
}

export function formatBytes(bytes: number): string {
  const round = (n: number) => Math.round(n * 100) / 100;
  if (bytes >= 1024 * 1024) return `${round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
