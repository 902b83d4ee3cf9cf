import { escapeHtml as e } from '@kitajs/html';

/** One step of the trail; the last one (the page itself) has no link. */
export interface Crumb {
  label: string;
  href?: string;
}

/**
 * Where the page sits in the console: 我的待办 › section › page. The layout draws it on every
 * console page; a page whose place is deeper than its title passes its own trail (`crumbs`).
 */
export function Breadcrumbs(props: { trail: Crumb[] }): JSX.Element {
  const trail = props.trail;
  return (
    <nav class="crumbs" aria-label="面包屑导航">
      <ol>
        {trail.map((c, i) =>
          c.href && i < trail.length - 1 ? (
            <li>
              <a href={c.href}>{e(c.label)}</a>
            </li>
          ) : (
            <li aria-current="page">{e(c.label)}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** The trail of a page: home, then the page's own steps (by default its title alone). */
export function trailOf(title: string, crumbs: Crumb[] | undefined): Crumb[] {
  const home: Crumb = { label: '我的待办', href: '/tasks' };
  const steps = crumbs ?? [{ label: title }];
  return steps[0]?.label === home.label ? steps : [home, ...steps];
}
