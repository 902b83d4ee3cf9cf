import type { Response } from 'express';
import { InvalidInputError, type FieldErrors } from '../common/domain-errors';

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
