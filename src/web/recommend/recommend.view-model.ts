/** One item's result in a bulk step: each is its own audited event with its own version check. */
export interface BulkOutcome {
  id: string;
  title: string;
  ok: boolean;
  /** The state after the event, or the failure in words (409 etc. as the API would say it). */
  state?: string;
  status?: number;
  message?: string;
}

/** A decision the recommender took this period, with where the item is now. */
export interface MyDecision {
  itemId: string;
  title: string;
  event: string;
  at: string;
  comment: string | null;
  state: string;
}
