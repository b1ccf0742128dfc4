// The API's one error shape: {"error": {"code", "message", "details"?}}. Services throw AppError; the error
// handler in app.ts turns everything else (validation, malformed JSON, unexpected failures) into this shape. Codes
// come from the list shared with the web UI, which has a sentence of its own for each.
import type { ApiErrorCode } from '../../shared/error-codes.js';

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> };
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const validationFailed = (fields: Record<string, string>, message = 'The request is not valid.') =>
  new AppError(400, 'validation_failed', message, { fields });
export const unauthenticated = (message = 'Sign in or send a valid API token.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'resource') => new AppError(404, 'not_found', `The ${what} does not exist.`);
export const conflict = (code: ApiErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
