// What reading a multipart/form-data upload can fail with, as the API's errors. @fastify/multipart reports its
// limits with codes; its parser (busboy) throws plain errors for a missing or unusable boundary and for a body that
// ends early — those are the client's broken upload (400), never a server fault (500). Used around the one loop
// that reads an upload's parts, where nothing but the parser and the client's connection can fail.
import { AppError } from './errors.js';

const MIB = 1024 * 1024;

export interface UploadLimits {
  fileBytes: number;
  fields: number;
}

const malformed = (message: string) =>
  new AppError(400, 'validation_failed', message, { fields: { body: 'is not valid multipart/form-data' } });

const truncated = () => malformed('The multipart/form-data upload ended before its closing boundary: the body is truncated.');

export function uploadError(error: unknown, limits: UploadLimits): unknown {
  if (error instanceof AppError) return error;
  const { code, message = '' } = error as { code?: string; message?: string };
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(
        413,
        'payload_too_large',
        `The upload is too large: at most one file of ${limits.fileBytes / MIB} MiB.`,
      );
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(
        413,
        'payload_too_large',
        `The upload has too many parts: one file and at most ${limits.fields} fields.`,
      );
    case 'ERR_STREAM_PREMATURE_CLOSE':
      // The request ended while a file part was still open: the parser drops that part's stream.
      return truncated();
    case 'FST_PROTO_VIOLATION':
      return malformed('The upload uses a field name that is not allowed.');
    case undefined:
      break;
    default:
      // Another coded error (e.g. the connection failing) is not the parser's: leave it to the error handler.
      return error;
  }
  if (/boundary|needle/i.test(message)) {
    return malformed(
      'The multipart/form-data upload has no usable boundary: send Content-Type: multipart/form-data; boundary=… as your HTTP client does.',
    );
  }
  if (/unexpected end|terminated early/i.test(message)) return truncated();
  return malformed('The upload is not valid multipart/form-data.');
}
