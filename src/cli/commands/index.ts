// Every CLI command. To add one, write commands/<name>.ts exporting a CliCommand and list it here.
import type { CliCommand } from '../command.js';
import { backupCommand } from './backup.js';
import { createUserCommand } from './create-user.js';
import { helpCommand } from './help.js';
import { importCommand } from './import.js';
import { invoiceCommand } from './invoice.js';
import { listUsersCommand } from './list-users.js';
import { migrateCommand } from './migrate.js';
import { resetPasswordCommand } from './reset-password.js';
import { linkSsoCommand, unlinkSsoCommand } from './sso-identity.js';
import { telemetryCommand } from './telemetry.js';

export const COMMANDS: readonly CliCommand[] = [
  createUserCommand,
  resetPasswordCommand,
  listUsersCommand,
  linkSsoCommand,
  unlinkSsoCommand,
  migrateCommand,
  importCommand,
  invoiceCommand,
  backupCommand,
  telemetryCommand,
  helpCommand,
];
