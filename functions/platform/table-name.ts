// The one table's name. Only modules that read or write the table import this, so only their functions
// need TABLE_NAME (the relay and the OpenAPI function do not).
import { requireEnv } from './env.ts';

export const TABLE_NAME = requireEnv('TABLE_NAME');
