export * from './explain.ts';
export * from './gradient-boosting.ts';
export * from './holt-winters.ts';
export * from './kmeans.ts';
export * from './logistic-regression.ts';
export * from './naive-bayes.ts';
export * from './standardize.ts';
export * from './text-naive-bayes.ts';
