import { AppError } from '../shared/app-error.ts';

export const marketErrors = {
  cellExists: (region: string, industry: string) =>
    new AppError('market.cell_exists', 409, `${region} × ${industry} is a target cell already`),
};
