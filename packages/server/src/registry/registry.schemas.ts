import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

/** Alias names: lowercase words such as production, staging, champion (not numbers: those are versions). */
export const AliasName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    'an alias is 1-40 lowercase letters, digits, dash or underscore, starting with a letter',
  );

export const TagKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a tag key is 1-64 letters, digits, _ . : or -');

export const SetAliasSchema = z.object({ version: z.number().int().positive() });
export const SetTagSchema = z.object({ value: z.string().max(500) });

/** A model card: what the version is for and what to know before using it. */
export const ModelCardSchema = z.object({
  summary: z.string().max(2000).optional(),
  intendedUse: z.string().max(4000).optional(),
  outOfScope: z.string().max(4000).optional(),
  limitations: z.string().max(4000).optional(),
  ethicalConsiderations: z.string().max(4000).optional(),
  owners: z.array(z.string().max(200)).max(20).optional(),
});

export type ModelCardInput = z.input<typeof ModelCardSchema>;

/** The written part of a card as stored: the text plus who wrote it last and when. */
export const StoredModelCardSchema = ModelCardSchema.extend({
  updatedBy: z.string().optional(),
  updatedAt: Instant.optional(),
});

export const ModelNameParams = z.object({ name: z.string().min(1) });
export const ModelVersionParams = ModelNameParams.extend({
  version: z.coerce.number().int().positive(),
});
export const AliasParams = ModelNameParams.extend({ alias: z.string().min(1) });
export const TagParams = ModelVersionParams.extend({ key: z.string().min(1) });
/** `<model>@<version>` or `<model>@<alias>`. */
export const ModelRefParams = z.object({ ref: z.string().min(1) });
export const ImportQuery = z.object({
  /** Register under this model name instead of the bundle's. */
  as: z.string().optional(),
});

const Dims = z.array(z.number().int().positive());

/** How a served image is prepared for an image version, as it was trained (see ml ImagePreparation). */
export const ImagePreparationSchema = z
  .object({
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    /** 1 (grayscale) or 3 (RGB); PNGs of other channels are converted to it. */
    channels: z.number().int().positive(),
    /** Multiplies 0..255 pixel values (1/255: the model reads 0..1). */
    scale: z.number().positive(),
    /** Invert a PNG with a light border: only models trained on light-on-dark images (MNIST). */
    invertLightBackground: z.boolean(),
  })
  .meta({ id: 'ImagePreparation' });

/** What a version takes and gives; serving checks inputs against it before predicting. */
export const ModelSignatureSchema = z
  .object({
    /**
     * image, tabular or text (absent on versions from before kinds: image), or language-model
     * (a GPT: served by the gateway at /v1, not by predict).
     */
    kind: z.enum(['image', 'tabular', 'text', 'language-model']).optional(),
    task: z.enum(['classification', 'regression', 'language-modeling']).optional(),
    /** [height, width, channels], [features], [sequenceLength] or a language model's [context]. */
    inputShape: Dims,
    /** Class names, in output order (empty for regression). */
    classes: z.array(z.string()),
    /** Feature columns a tabular input must carry, in order. */
    columns: z.array(z.string()).optional(),
    /** Name of the predicted target (regression). */
    target: z.string().optional(),
    /** Image versions: how inputs are prepared (absent on versions from before it was recorded). */
    image: ImagePreparationSchema.optional(),
  })
  .meta({ id: 'ModelSignature' });

export type ModelSignature = z.infer<typeof ModelSignatureSchema>;

/**
 * The figures a version was registered with: headline test scores, train figures, the full
 * evaluation report. Open: imported versions carry what their workspace wrote.
 */
export const ModelMetricsSchema = z
  .looseObject({
    test: z.record(z.string(), z.number().nullable()).optional(),
    trainSamplesPerSecond: z.number().optional(),
    trainSeconds: z.number().optional(),
  })
  .meta({ id: 'ModelMetrics' });

export const ModelVersionSchema = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.number().int(),
    template: z.string(),
    /** The data set version it was trained on (`external:…` when imported without it). */
    datasetVersionId: z.string(),
    dataset: z.string(),
    datasetVersion: z.number().int(),
    datasetHash: z.string(),
    /** The training configuration, as the training job took it. */
    config: z.unknown(),
    metrics: ModelMetricsSchema,
    inputShape: Dims,
    classes: z.array(z.string()),
    signature: ModelSignatureSchema,
    artifactHash: z.string(),
    backend: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'ModelVersion' });

export type ModelVersionView = z.infer<typeof ModelVersionSchema>;

export const ModelSchema = z
  .object({ name: z.string(), versions: z.array(ModelVersionSchema) })
  .meta({ id: 'Model' });

export type ModelView = z.infer<typeof ModelSchema>;

export const ModelAliasSchema = z
  .object({
    alias: z.string(),
    /** null when the version it pointed at is gone. */
    version: z.number().int().nullable(),
    setBy: z.string(),
    setAt: Instant,
  })
  .meta({ id: 'ModelAlias' });

export type ModelAliasView = z.infer<typeof ModelAliasSchema>;

export const ModelTagSchema = z
  .object({ key: z.string(), value: z.string(), setBy: z.string(), setAt: Instant })
  .meta({ id: 'ModelTag' });

export type ModelTagView = z.infer<typeof ModelTagSchema>;

/** The written card plus what the registry knows of the version. */
export const ModelCardViewSchema = StoredModelCardSchema.extend({
  model: z.string(),
  version: z.number().int(),
  template: z.string(),
  data: z.object({ dataset: z.string(), version: z.number().int(), hash: z.string() }),
  training: z.unknown(),
  /** The headline test figures, or null. */
  metrics: z.unknown(),
  signature: z.object({ inputShape: Dims, classes: z.array(z.string()) }),
  aliases: z.array(z.string()),
  tags: z.array(ModelTagSchema),
  artifactHash: z.string(),
  createdAt: Instant,
}).meta({ id: 'ModelCard' });

export type ModelCardView = z.infer<typeof ModelCardViewSchema>;

export const ModelEventSchema = z
  .object({
    /** version.registered, version.imported, version.deleted, alias.set, alias.removed, tag.set, tag.removed, card.set. */
    action: z.string(),
    detail: z.unknown(),
    actor: z.string(),
    at: Instant,
  })
  .meta({ id: 'ModelEvent' });

export type ModelEventView = z.infer<typeof ModelEventSchema>;

export const DeletedVersionSchema = z
  .object({ model: z.string(), version: z.number().int(), freedBytes: z.number().int() })
  .meta({ id: 'DeletedModelVersion' });

/** A `.qudao-model` bundle: one file with the artifact, preprocessing, lineage and card. */
export const BUNDLE_TYPE = 'application/octet-stream';

const versionPath = '/api/v1/models/:name/versions/:version';

export const registryContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/models',
    summary: 'Every model with its versions (metrics, lineage, signature)',
    access: ACCESS.staffRead,
    response: z.array(ModelSchema),
  }),
  getVersion: route({
    method: 'GET',
    path: versionPath,
    summary: 'One model version',
    access: ACCESS.staffRead,
    params: ModelVersionParams,
    response: ModelVersionSchema,
  }),
  resolveRef: route({
    method: 'GET',
    path: '/api/v1/model-refs/:ref',
    summary: 'The version a reference names: `<model>@<version>` or `<model>@<alias>`',
    access: ACCESS.staffRead,
    params: ModelRefParams,
    response: ModelVersionSchema,
  }),
  listAliases: route({
    method: 'GET',
    path: '/api/v1/models/:name/aliases',
    summary: 'Aliases of a model, with who set them and when',
    access: ACCESS.staffRead,
    params: ModelNameParams,
    response: z.array(ModelAliasSchema),
  }),
  setAlias: route({
    method: 'PUT',
    path: '/api/v1/models/:name/aliases/:alias',
    summary: 'Point an alias at a version (moving it if it pointed elsewhere)',
    access: ACCESS.staff,
    params: AliasParams,
    body: SetAliasSchema,
    response: z.array(ModelAliasSchema),
  }),
  removeAlias: route({
    method: 'DELETE',
    path: '/api/v1/models/:name/aliases/:alias',
    summary: 'Remove an alias; answers the aliases left',
    access: ACCESS.staff,
    params: AliasParams,
    response: z.array(ModelAliasSchema),
  }),
  setTag: route({
    method: 'PUT',
    path: `${versionPath}/tags/:key`,
    summary: "Set a tag of a version; answers the version's tags",
    access: ACCESS.staff,
    params: TagParams,
    body: SetTagSchema,
    response: z.array(ModelTagSchema),
  }),
  removeTag: route({
    method: 'DELETE',
    path: `${versionPath}/tags/:key`,
    summary: "Remove a tag of a version; answers the version's tags",
    access: ACCESS.staff,
    params: TagParams,
    response: z.array(ModelTagSchema),
  }),
  getCard: route({
    method: 'GET',
    path: `${versionPath}/card`,
    summary: 'The model card: its written parts plus lineage, training, metrics, aliases, tags',
    access: ACCESS.staffRead,
    params: ModelVersionParams,
    response: ModelCardViewSchema,
  }),
  setCard: route({
    method: 'PUT',
    path: `${versionPath}/card`,
    summary: 'Write the text parts of the model card',
    access: ACCESS.staff,
    params: ModelVersionParams,
    body: ModelCardSchema,
    response: ModelCardViewSchema,
  }),
  events: route({
    method: 'GET',
    path: '/api/v1/models/:name/events',
    summary: 'The audit trail of a model: registrations, alias moves, tags, cards, imports',
    access: ACCESS.staffRead,
    params: ModelNameParams,
    response: z.array(ModelEventSchema),
  }),
  exportVersion: route({
    method: 'GET',
    path: `${versionPath}/export`,
    summary: 'A version as one `.qudao-model` file (an attachment)',
    description:
      'model.json, weights.bin, preprocessing.json and the metadata (lineage, config, metrics, signature, card), each with its sha256; `POST /api/v1/models/import` reads it back.',
    access: ACCESS.staffRead,
    params: ModelVersionParams,
    produces: BUNDLE_TYPE,
    response: z.string(),
  }),
  tfjsModel: route({
    method: 'GET',
    path: `${versionPath}/tfjs/model.json`,
    summary: "A version's TensorFlow.js model.json (Layers format), for `tf.loadLayersModel`",
    description:
      'Its weights manifest names `./weights.bin`, served beside it; the image preparation and classes are in the version (`GET /api/v1/models/:name/versions/:version`). Custom layers are registered by `@qudao/ml/browser`.',
    access: ACCESS.staffRead,
    params: ModelVersionParams,
    produces: 'application/json',
    response: z.string(),
  }),
  tfjsWeights: route({
    method: 'GET',
    path: `${versionPath}/tfjs/weights.bin`,
    summary: "A version's TensorFlow.js weights (the one shard its model.json names)",
    access: ACCESS.staffRead,
    params: ModelVersionParams,
    produces: BUNDLE_TYPE,
    response: z.string(),
  }),
  importVersion: route({
    method: 'POST',
    path: '/api/v1/models/import',
    summary: 'Register a `.qudao-model` file as the next version of its model (or of `as`)',
    access: ACCESS.staff,
    query: ImportQuery,
    bodyTypes: [BUNDLE_TYPE],
    status: 201,
    response: ModelVersionSchema,
  }),
  deleteVersion: route({
    method: 'DELETE',
    path: versionPath,
    summary: 'Delete a version and free its artifact (refused while an alias or endpoint uses it)',
    access: ACCESS.staff,
    params: ModelVersionParams,
    response: DeletedVersionSchema,
  }),
};
