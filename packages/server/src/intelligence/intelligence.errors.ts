import { defineErrors } from '../shared/app-error.ts';

export const intelligenceErrors = defineErrors({
  notRefreshed: [
    'intelligence.not_refreshed',
    409,
    () =>
      'there are no intelligence results yet: run `qudao intelligence refresh` (or POST /api/v1/intelligence/refresh) first',
  ],
  modelNotTrained: [
    'intelligence.model_not_trained',
    409,
    (model: string) =>
      `the ${model} model is not trained yet: run \`qudao intelligence refresh\` once there are enough triaged inquiries`,
  ],
  noData: [
    'intelligence.no_data',
    422,
    (what: string) =>
      `no data for ${what}: close a billing period with usage first (qudao billing close), or pick a later month`,
  ],
  tooLittleData: [
    'intelligence.too_little_data',
    422,
    (what: string, need: string) => `too little data to train ${what}: it needs ${need}`,
  ],
  unknownLanguage: [
    'intelligence.unknown_language',
    422,
    () =>
      'could not tell the language of this inquiry: the triage model reads Chinese and English; write it in one of them',
  ],
  unsupportedLanguage: [
    'intelligence.unsupported_language',
    422,
    (language: string) =>
      `language ${language} is not supported: send zh or en, or leave language out to detect it`,
  ],
  inquiryNotFound: ['intelligence.inquiry_not_found', 404, (id: string) => `no inquiry ${id}`],
  customerRequired: [
    'intelligence.customer_required',
    400,
    () => 'say which customer the inquiry is from (customerId); only a customer key sends its own',
  ],
  notScored: [
    'intelligence.not_scored',
    404,
    (what: string) =>
      `${what} has no score in the last refresh: it is closed, or arrived after it (run qudao intelligence refresh)`,
  ],
  notALead: [
    'intelligence.not_a_lead',
    409,
    () => 'only an open direct lead without a partner is ranked for distribution to partners',
  ],
});
