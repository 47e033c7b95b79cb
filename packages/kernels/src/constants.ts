/** The TensorFlow.js backend name this package registers. */
export const BACKEND_NAME = 'qudao-cpu';

/**
 * Above 'cpu' (1) and 'webgl' (2), so that it is the default once registered; below
 * tfjs-node's 'tensorflow' (3).
 */
export const BACKEND_PRIORITY = 2.5;
