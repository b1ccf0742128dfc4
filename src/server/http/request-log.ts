// One log line per answered request instead of Fastify's two ("incoming request" + "request completed"): at info
// each line costs a pino serialization and a write to stdout, about 7 % of an authenticated GET /timer's CPU with
// both (docs/performance.md, "Request pipeline ceiling"). The one line says what the two said together: the
// request id (reqId), the request (method, URL, host, client address and port), the status and the time. Errors,
// 404s and stream failures are logged as Fastify logs them.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    // Said by requestCompleted, once the answer is known.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
