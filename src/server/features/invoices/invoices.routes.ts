import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '../../http/wire.js';
import { id as idField } from '../../../shared/schemas/fields.js';
import {
  INVOICE_STATUSES,
  invoiceCreateBody,
  invoiceDate,
  invoicePatchBody,
  invoicePayBody,
} from '../../../shared/schemas/invoicing.js';
import { invoiceSchema } from './invoice-dto.js';
import { invoicePdf, invoiceXml, type RenderedFile } from './invoice-documents.service.js';
import { createCreditNote, issueInvoice, payInvoice, voidInvoice } from './invoice-lifecycle.service.js';
import { changeDraft, createDraft, deleteDraft, getInvoice, invoiceDto, listInvoices } from './invoices.service.js';

const AUTH = { scope: 'admin:all', admin: true } as const;
const AUTH_TEXT = 'Administrators only (403 `forbidden` for other users); API tokens need the `admin:all` scope.';
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const withConflict = { ...errors, 409: errorResponse };

const listInvoicesQuery = z.strictObject({
  status: z.enum(INVOICE_STATUSES).optional(),
  client_id: idField.optional(),
  from: invoiceDate.optional().describe('issue date (drafts: last day billed) from, YYYY-MM-DD'),
  to: invoiceDate.optional().describe('issue date (drafts: last day billed) to, inclusive'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, 'must be a cursor from a previous page')
    .optional(),
});

const sendFile = (reply: FastifyReply, file: RenderedFile) =>
  reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(file.body as never);

export const invoiceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/invoices/:id.pdf', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'The invoice as PDF',
      description:
        'Issued, paid and void invoices: a ZUGFeRD/Factur-X PDF/A-3 with the EN 16931 CII XML embedded as `factur-x.xml`, ' +
        `rendered from the content frozen at issue (void ones stamped VOID). A draft: a preview PDF without e-invoice. ${AUTH_TEXT}`,
      params: idParams,
      response: errors,
    },
    handler: async (request, reply) => sendFile(reply, await invoicePdf(app.ctx, request.principal!, request.params.id)),
  });

  app.get('/invoices/:id.xml', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'The invoice as XRechnung XML',
      description: `\`syntax=ubl\` (default) or \`cii\`. 409 \`invoice_not_issued\` for a draft. ${AUTH_TEXT}`,
      params: idParams,
      querystring: z.strictObject({ syntax: z.enum(['ubl', 'cii']).default('ubl') }),
      response: withConflict,
    },
    handler: async (request, reply) => sendFile(reply, await invoiceXml(app.ctx, request.params.id, request.query.syntax)),
  });

  app.get('/invoices', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'List invoices',
      description: `Newest first, with filters. ${AUTH_TEXT}`,
      querystring: listInvoicesQuery,
      response: { 200: z.object({ items: z.array(invoiceSchema), next_cursor: z.string().nullable() }), ...errors },
    },
    handler: async (request) => {
      const { cursor, ...query } = request.query;
      const { items, nextCursor } = await listInvoices(app.ctx, { ...query, beforeId: cursor ? Number(cursor) : undefined });
      return { items, next_cursor: nextCursor };
    },
  });

  app.post('/invoices', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Create a draft from tracked time',
      description:
        'Gathers the client’s billable, finished entries that start in the range (your time zone) and are on no other ' +
        'invoice (but void ones), one line per project, task, day or entry, in hours after your report rounding, priced ' +
        'with the project’s rate (else the client’s). 409 `nothing_to_invoice` when there are none. ' +
        AUTH_TEXT,
      body: invoiceCreateBody,
      response: { 201: invoiceSchema, ...withConflict },
    },
    handler: async (request, reply) => reply.status(201).send(await createDraft(app.ctx, request.principal!, request.body)),
  });

  app.get('/invoices/:id', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Get an invoice',
      description: AUTH_TEXT,
      params: idParams,
      response: { 200: invoiceSchema, ...errors },
    },
    handler: async (request) => invoiceDto(app.ctx.db, await getInvoice(app.ctx, request.params.id)),
  });

  app.patch('/invoices/:id', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Change a draft',
      description: `\`lines\` replaces all lines. 409 \`invoice_not_draft\` once issued. ${AUTH_TEXT}`,
      params: idParams,
      body: invoicePatchBody,
      response: { 200: invoiceSchema, ...withConflict },
    },
    handler: async (request) => changeDraft(app.ctx, request.params.id, request.body),
  });

  app.delete('/invoices/:id', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Delete a draft',
      description: `Its entries become free to invoice. 409 \`invoice_not_draft\` once issued (void it instead). ${AUTH_TEXT}`,
      params: idParams,
      response: { 204: z.null(), ...withConflict },
    },
    handler: async (request, reply) => {
      await deleteDraft(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/invoices/:id/issue', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Issue a draft',
      description:
        'Assigns the next number of its sequence, freezes issuer and customer data into it and locks its entries ' +
        '(409 `entry_invoiced` on any change of them). 409 `invoice_incomplete` with `details.fields` naming what is ' +
        `missing; 409 \`invoice_not_draft\` when already issued. ${AUTH_TEXT}`,
      params: idParams,
      response: { 200: invoiceSchema, ...withConflict },
    },
    handler: async (request) => issueInvoice(app.ctx, request.principal!, request.params.id),
  });
  app.post('/invoices/:id/pay', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Record the payment',
      description: `Status \`paid\` with the day the payment arrived (default today). 409 \`invoice_not_issued\` unless issued. ${AUTH_TEXT}`,
      params: idParams,
      body: invoicePayBody.optional(),
      response: { 200: invoiceSchema, ...withConflict },
    },
    handler: async (request) => payInvoice(app.ctx, request.principal!, request.params.id, request.body?.paid_at),
  });
  app.post('/invoices/:id/void', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Void an issued invoice',
      description: `The number stays used (the invoice is shown as void) and its entries are free again. ${AUTH_TEXT}`,
      params: idParams,
      response: { 200: invoiceSchema, ...withConflict },
    },
    handler: async (request) => voidInvoice(app.ctx, request.params.id),
  });
  app.post('/invoices/:id/credit-note', {
    config: { auth: AUTH },
    schema: {
      tags: ['invoices'],
      summary: 'Draft a credit note for an issued invoice',
      description: `A draft with the invoice’s lines; issuing it frees the invoice’s entries. 409 \`credit_note_exists\` while the invoice has one that is not void. ${AUTH_TEXT}`,
      params: idParams,
      response: { 201: invoiceSchema, ...withConflict },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createCreditNote(app.ctx, request.principal!, request.params.id)),
  });
};
