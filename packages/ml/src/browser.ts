/**
 * `@qudao/ml/browser`: what a web page needs to load and run a registry version with
 * TensorFlow.js — the platform's custom layers registered with `tf.serialization` (importing
 * their modules registers them) and the image preparation serving applies to a JSON image.
 * Nothing here imports Node (no fs, zlib, native addon, sharp or jieba): `browser.test.ts`
 * bundles it for the browser and fails on any of them.
 */
import './layers/gelu.ts';
import './layers/gpt-block.ts';
import './layers/gpt-embedding.ts';
import './layers/layer-normalization.ts';
import './layers/masked-mean-pooling.ts';
import './layers/multi-head-attention.ts';
import './layers/seeded-dropout.ts';
import './layers/token-embedding.ts';
import './layers/token-position-embedding.ts';

export { type ImagePreparation, imageFromJson } from './data/image-json.ts';
export { MlError } from './errors.ts';

/** Class names of the custom layers this entry registers (as they appear in a model.json). */
export const BROWSER_LAYER_CLASSES = [
  'QudaoGelu',
  'QudaoGptBlock',
  'QudaoGptEmbedding',
  'QudaoLayerNormalization',
  'QudaoMaskedMeanPooling',
  'QudaoMultiHeadSelfAttention',
  'QudaoSeededDropout',
  'QudaoTokenEmbedding',
  'QudaoTokenAndPositionEmbedding',
] as const;
