export interface TimelineEntry {
  seq: number;
  at: string;
  actor: string;
  role: string;
  event: string;
  from: string | null;
  to: string;
  comment: string | null;
}
