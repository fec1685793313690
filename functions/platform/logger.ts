// One structured logger for every handler (Powertools: JSON lines, request id, cold start flag).
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'clientele' });
