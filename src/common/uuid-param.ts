import { ParseUUIDPipe, type ParseUUIDPipeOptions } from '@nestjs/common';
import { InvalidInputError } from './domain-errors';

/**
 * The pipe for an id in the path: anything but a UUID is a 400 on that field with a Chinese
 * message ("不是有效的成果 ID"), never a database error. `what` names the thing the id stands
 * for (成果, 用户 …); without it the message says only "ID". `version` narrows what passes to
 * one UUID version, for ids the application only ever makes as such (an item's, an attachment's).
 */
export function uuidParam(
  what = '',
  field = 'id',
  version?: ParseUUIDPipeOptions['version'],
): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version,
    exceptionFactory: () => InvalidInputError.field(field, `不是有效的${what} ID`),
  });
}
