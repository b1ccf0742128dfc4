import { z } from 'zod';

export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _ . @ -');
export const fullNameSchema = z.string().trim().max(200).nullable();
export const emailSchema = z.email({ error: 'must be an e-mail address' }).max(320).nullable();
