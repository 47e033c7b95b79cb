/** Datasets, versions, uploads and the labeling queue: the server's contract types. */

export type {
  DatasetVersionView as DatasetVersion,
  DatasetView as Dataset,
  LabelingItemView as LabelingItem,
  LabelingOrder,
  LabelingStatsView as LabelingStats,
  UploadOptions as UploadDatasetOptions,
} from '@qudao/server/contract';
