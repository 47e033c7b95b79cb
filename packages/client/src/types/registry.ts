/** The model registry: the server's views, under the names the console and CLI use. */

export type {
  ModelAliasView as ModelAlias,
  ModelCardView as ModelCard,
  ModelTagView as ModelTag,
  ModelVersionView as ModelVersion,
  ModelView as Model,
} from '@qudao/server/contract';
