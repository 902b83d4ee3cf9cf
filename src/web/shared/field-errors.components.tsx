import { escapeHtml as e } from '@kitajs/html';
import type { FieldErrors } from '../../common/domain-errors';

export function Errors(props: { errors: FieldErrors; name: string }): JSX.Element {
  const messages = props.errors[props.name];
  if (!messages?.length) return '';
  return (
    <span class="field-error" data-field={props.name} role="alert">
      {e(messages.join(';'))}
    </span>
  );
}
