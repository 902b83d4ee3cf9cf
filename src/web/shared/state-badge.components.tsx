import { escapeHtml as e } from '@kitajs/html';
import { stateLabel } from './web-labels';

export function StateBadge(props: { state: string }): JSX.Element {
  return <span class={`badge state-${props.state}`}>{e(stateLabel(props.state))}</span>;
}
