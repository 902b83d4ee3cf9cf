import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidInputError, type FieldErrors } from '../../common/domain-errors';

/**
 * One console form post: the step validates with the API's DTO and calls the API's service.
 * Bad input (the service writes nothing then) re-renders the page with the field errors; success
 * answers 303 to `next`, so a reload does not post again; any other error goes to the web filter.
 */
export async function submitForm(
  res: Response,
  next: string,
  step: () => Promise<void>,
  rerender: (errors: FieldErrors) => Promise<void>,
): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    await rerender(err.errors);
    return;
  }
  res.redirect(303, next);
}

/**
 * The posted form of a console page that re-renders itself with the field messages: unlike
 * `@Body()` it is not refused by the global input pipe (src/common/input-text.ts), because the
 * handler checks it with `validateAs`, which applies the same character policy and so puts the
 * message next to the field instead of on an error page.
 */
export const FormFields = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<Request>().body as unknown,
);
