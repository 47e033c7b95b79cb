import { AppError, defineErrors } from '../shared/app-error.ts';

const table = defineErrors({
  badCsv: ['imports.bad_csv', 400, (message: string) => message],
  missingColumn: [
    'imports.missing_column',
    400,
    (column: string, header: string[]) =>
      `the CSV has no "${column}" column (header: ${header.join(', ')}); add it or rename the matching column`,
  ],
  invalidRows: [
    'imports.invalid_rows',
    400,
    (errors: { row: number; message: string }[]) =>
      `${errors.length} row(s) cannot be imported (first: row ${errors[0]!.row}, ${errors[0]!.message}); nothing was written, fix them and import the file again`,
  ],
});

export const importErrors = {
  ...table,
  /** Every row's problem goes in `details.errors`, so a file can be fixed in one pass. */
  invalidRows: (errors: { row: number; message: string }[]) => {
    const error = table.invalidRows(errors);
    return new AppError(error.code, error.status, error.message, { errors });
  },
};
