import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDecimal, RATE_SCALE } from '../../../shared/invoicing/decimal.js';
import { INVOICE_LANGUAGES, invoicingSettingsBody } from '../../../shared/schemas/invoicing.js';
import { AppError } from '../../http/errors.js';
import { errorResponse } from '../../http/wire.js';
import {
  changeInvoicingSettings,
  getInvoicingSettings,
  getLogo,
  MAX_LOGO_BYTES,
  removeLogo,
  setLogo,
  type InvoicingSettings,
} from './settings.service.js';

const AUTH = { scope: 'admin:all', admin: true } as const;
const AUTH_TEXT = 'Administrators only; API tokens need the `admin:all` scope.';
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

const settingsSchema = z.object({
  company_name: z.string().nullable(),
  address_lines: z.array(z.string()),
  postal_code: z.string().nullable(),
  city: z.string().nullable(),
  country_code: z.string().nullable(),
  vat_id: z.string().nullable(),
  tax_number: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  default_tax_rate: z.string().describe('percent, e.g. "19.00"'),
  payment_terms_days: z.number().int(),
  number_pattern: z.string(),
  language: z.enum(INVOICE_LANGUAGES),
  footer: z.string().nullable(),
  has_logo: z.boolean(),
});
z.globalRegistry.add(settingsSchema, { id: 'InvoicingSettings' });

const toDto = (s: InvoicingSettings, hasLogo: boolean) => ({
  ...s,
  default_tax_rate: formatDecimal(s.default_tax_rate, RATE_SCALE),
  has_logo: hasLogo,
});

export const invoicingSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The logo arrives as the raw image; its type is checked by its bytes, not by this header.
  app.addContentTypeParser(
    ['image/png', 'image/jpeg'],
    { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES + 1024 },
    (_request, body, done) => done(null, body),
  );

  app.get('/settings/invoicing', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'The invoicing settings',
      description: AUTH_TEXT,
      response: { 200: settingsSchema, ...errors },
    },
    handler: async () => toDto(await getInvoicingSettings(app.ctx.db), (await getLogo(app.ctx.db)) !== null),
  });

  app.patch('/settings/invoicing', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Change the invoicing settings',
      description: `Any subset of the fields. Issued invoices keep the data they were issued with. ${AUTH_TEXT}`,
      body: invoicingSettingsBody,
      response: { 200: settingsSchema, ...errors },
    },
    handler: async (request) => {
      const settings = await changeInvoicingSettings(app.ctx.db, request.body as Partial<InvoicingSettings>);
      return toDto(settings, (await getLogo(app.ctx.db)) !== null);
    },
  });

  app.put('/settings/invoicing/logo', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Upload the logo',
      description: `The raw PNG or JPEG (Content-Type image/png or image/jpeg), at most ${MAX_LOGO_BYTES / 1024} kB. ${AUTH_TEXT}`,
      response: { 204: z.null(), ...errors, 413: errorResponse, 415: errorResponse },
    },
    handler: async (request, reply) => {
      // Only the image parsers above give a Buffer; JSON, text or forms sent here are the wrong kind of body.
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Send the logo as the raw image with Content-Type image/png or image/jpeg.',
        );
      }
      await setLogo(app.ctx.db, request.body);
      return reply.status(204).send(null);
    },
  });

  app.get('/settings/invoicing/logo', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'The logo',
      description: `404 when none. ${AUTH_TEXT}`,
      response: { ...errors, 404: errorResponse },
    },
    handler: async (_request, reply) => {
      const logo = await getLogo(app.ctx.db);
      if (!logo) return reply.status(404).send({ error: { code: 'not_found', message: 'No logo has been uploaded.' } });
      return reply.type(logo.mime).send(logo.bytes as never);
    },
  });

  app.delete('/settings/invoicing/logo', {
    config: { auth: AUTH },
    schema: { tags: ['invoices'], summary: 'Remove the logo', description: AUTH_TEXT, response: { 204: z.null(), ...errors } },
    handler: async (_request, reply) => {
      await removeLogo(app.ctx.db);
      return reply.status(204).send(null);
    },
  });
};
