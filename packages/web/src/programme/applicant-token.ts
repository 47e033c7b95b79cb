/**
 * The applicant's token, remembered in this browser per application, so the application's
 * page opens without pasting it again. It never travels in a URL (docs/security.md).
 */
const key = (applicationId: string) => `qudao.application.${applicationId}`;

export function rememberApplicantToken(applicationId: string, token: string): void {
  try {
    window.localStorage.setItem(key(applicationId), token);
  } catch {
    // Storage disabled: the applicant pastes the token on its page.
  }
}

export function applicantToken(applicationId: string): string | null {
  try {
    return window.localStorage.getItem(key(applicationId));
  } catch {
    return null;
  }
}

export function forgetApplicantToken(applicationId: string): void {
  try {
    window.localStorage.removeItem(key(applicationId));
  } catch {
    // Nothing stored.
  }
}
