import { AppError } from '../shared/app-error.ts';

export const importErrors = {
  badCsv: (message: string) => new AppError('imports.bad_csv', 400, message),
  missingColumn: (column: string, header: string[]) =>
    new AppError(
      'imports.missing_column',
      400,
      `the CSV has no "${column}" column (header: ${header.join(', ')})`,
    ),
  invalidRows: (errors: { row: number; message: string }[]) =>
    new AppError(
      'imports.invalid_rows',
      400,
      `${errors.length} row(s) cannot be imported (first: row ${errors[0]!.row}, ${errors[0]!.message}); nothing was written`,
      { errors },
    ),
};
