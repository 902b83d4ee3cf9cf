/**
 * An expert as the conflict rules see them: their unit (with its parent) and what they declared.
 * The pool (expert-pool.service.ts) builds it; the evaluation's conflict rules read it, so the
 * shape belongs to the experts and the evaluation depends on it, not the other way round.
 */
export interface ExpertIdentity {
  id: string;
  name: string;
  organization: { id: string; name: string; parent: string | null };
  declared: { kind: 'organization' | 'person'; name: string }[];
}
