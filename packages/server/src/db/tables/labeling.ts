/** The labeling queue and its answers (the labeling domain). */

export interface LabelingItemTable {
  id: string;
  dataset_version_id: string;
  row: number;
  /** unlabeled | disputed */
  reason: string;
  /** The current model's top probability for this row (least-confident-first order). */
  confidence: number | null;
  /** Stable position for in-order and random serving. */
  position: number;
  created_at: string;
}

export interface LabelAnswerTable {
  id: string;
  item_id: string;
  labeler: string;
  label: string;
  created_at: string;
}
