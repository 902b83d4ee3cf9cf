import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputError } from './domain-errors';

/**
 * The pipe for an id in the path: anything but a UUID is a 400 on that field with a Chinese
 * message ("不是有效的成果 ID"), never a database error. `what` names the thing the id stands
 * for (成果, 用户 …); without it the message says only "ID".
 */
export function uuidParam(what = '', field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => InvalidInputError.field(field, `不是有效的${what} ID`),
  });
}
