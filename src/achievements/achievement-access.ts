import type { FilterQuery } from '@mikro-orm/core';
import type { AuthUser } from '../access/auth-user';
import { hasRole } from '../access/auth-user';
import type { Achievement } from './achievement.entity';

/**
 * Who may see an item. The office and admins see everything. A unit sees its own items; each body
 * in an item's reporting chain (county, city, or the unit itself when it reports directly) sees
 * the items of the units under it; an expert sees an item while they sit on its panel, and keeps
 * seeing it after scoring closes, or after they recused or were replaced, when they held a seat on
 * it (`seated`, from the evaluation module's seat records): they read their own sheet and the
 * outcome, never the other experts' (blind review stays blind, see toView and history).
 */
export function canView(
  user: AuthUser,
  item: {
    ownerOrganizationId: string;
    recommendationChain: readonly string[];
    state: string;
    panel: readonly string[];
    /** The viewer holds or held a seat on the item's panel in some round. */
    seated?: boolean;
  },
): boolean {
  if (hasRole(user, 'officeStaff', 'admin')) return true;
  if (item.ownerOrganizationId === user.organizationId) return true;
  if (hasRole(user, 'recommender') && item.recommendationChain.includes(user.organizationId)) {
    return true;
  }
  return hasRole(user, 'expert') && (item.panel.includes(user.id) || item.seated === true);
}

/**
 * The same rule as a query filter, for lists; null means no restriction. `seats` are the items on
 * whose panel the expert sits or sat in any round (from the assignment table, which follows the
 * machine).
 */
export function visibilityFilter(
  user: AuthUser,
  seats: readonly string[] = [],
): FilterQuery<Achievement> | null {
  if (hasRole(user, 'officeStaff', 'admin')) return null;
  const branches: FilterQuery<Achievement>[] = [{ ownerOrganization: user.organizationId }];
  if (hasRole(user, 'recommender')) {
    // A reporting chain is at most unit → county → city, so two hops up the tree cover it; a
    // body that reports directly is its own recommender.
    branches.push(
      { recommenderOrganization: user.organizationId },
      { ownerOrganization: { reportsThrough: user.organizationId } },
      { ownerOrganization: { reportsThrough: { reportsThrough: user.organizationId } } },
    );
  }
  if (hasRole(user, 'expert')) {
    branches.push({ id: { $in: [...seats] } });
  }
  return { $or: branches };
}

/** Office staff see every score; others see only their own sheet, so scoring stays blind. */
export function canSeeAllScores(user: AuthUser): boolean {
  return hasRole(user, 'officeStaff', 'admin');
}
