import { AppError } from '../shared/app-error.ts';

export const feedbackErrors = {
  notFound: (id: string) => new AppError('feedback.not_found', 404, `no feedback ${id}`),
  customerRequired: () =>
    new AppError('feedback.customer_required', 400, 'say which customer the feedback is from'),
  notComplaint: () =>
    new AppError('feedback.not_a_complaint', 409, 'only an open complaint can be resolved'),
};
