/** The TensorFlow.js backend name this package registers. */
export const BACKEND_NAME = 'qudao-cpu';

/**
 * Above 'cpu' (1) and 'webgl' (2), so that it is the default once registered; below
 * tfjs-node's 'tensorflow' (3).
 */
export const BACKEND_PRIORITY = 2.5;

/**
 * Kernels of whole Transformer layers and convolution blocks that only 'qudao-cpu' has (see
 * fused-layers.ts, conv-block.ts). Other
 * packages look them up with `tf.getKernel(name, tf.getBackend())` and compose the layer from
 * stock ops when the current backend lacks them.
 */
export const FUSED_KERNELS = {
  /** inputs {x, gamma, beta}, attrs {epsilon}: layer normalisation over the last axis. */
  layerNorm: 'QudaoLayerNorm',
  layerNormGrad: 'QudaoLayerNormGrad',
  /** inputs {x}: GELU with the exact Gaussian CDF (tfjs-layers' 'gelu'). */
  gelu: 'QudaoGelu',
  geluGrad: 'QudaoGeluGrad',
  /** inputs {x}, attrs {rate, seed}: inverted dropout with the hashed mask of `dropoutMask`. */
  dropout: 'QudaoDropout',
  /**
   * inputs {q, k, v, mask?} ([batch, time, heads·dim]; mask [batch, time] additive), attrs
   * {numHeads, scale, rate, seed, causal?}; outputs [context, a handle of shape [1] on the weights
   * before dropout, for the backward pass only].
   */
  attention: 'QudaoAttention',
  attentionGrad: 'QudaoAttentionGrad',
  /**
   * The same with one packed input {qkv, mask?}: [batch, time, 3·width], queries, keys and
   * values as column blocks (what one projection with the three kernels side by side gives).
   */
  attentionQkv: 'QudaoAttentionQKV',
  attentionQkvGrad: 'QudaoAttentionQKVGrad',
  /**
   * A convolution block: inputs {x, filter, bias?} (NHWC, float32), attrs {strides, pad,
   * dilations, activation ('linear' | 'relu'), poolSize, poolStrides, poolPad (a max pool after
   * the activation; no poolSize for none), withMask (false: inference, no mask is written),
   * inputGradient (false: the backward pass leaves dx out, for a model's first layer)};
   * outputs [y, a handle of shape [1] on the mask bytes the backward pass reads].
   */
  convBlock: 'QudaoConvBlock',
  /** inputs {dy, x, filter, y, mask}, the same attrs; outputs [dx, dfilter, dbias]. */
  convBlockGrad: 'QudaoConvBlockGrad',
  /**
   * inputs {logits [rows, classes], labels [rows] (int32)}: outputs [loss per row in nats, a
   * handle of shape [1] on the gradient (softmax − onehot), for the backward pass only].
   */
  softmaxCrossEntropy: 'QudaoSoftmaxCrossEntropy',
  softmaxCrossEntropyGrad: 'QudaoSoftmaxCrossEntropyGrad',
} as const;
