import { defineErrors } from '../shared/app-error.ts';

export const marketErrors = defineErrors({
  cellExists: [
    'market.cell_exists',
    409,
    (region: string, industry: string) =>
      `${region} × ${industry} is a target cell already; list the cells to see its demand`,
  ],
});
