/** The catalogue filters as the query string carries them (items, library, public). */
export interface CatalogueFilters {
  q?: string;
  category?: string;
  domain?: string;
  city?: string;
  state?: string;
  year?: string;
  cursor?: string;
}

/** The choices the filters offer. */
export interface FilterOptions {
  domains: { key: string; name: string }[];
  cities: string[];
  /** Years of collection batches, newest first. */
  years: number[];
}
