// What the browser may take from this package: names and pure functions, never the addon.
// `@qudao/ml/browser` reaches the kernels only through this file.
export { BACKEND_NAME, FUSED_KERNELS } from './constants.ts';
export { dropoutBits, dropoutMask, dropoutScale } from './dropout-mask.ts';
