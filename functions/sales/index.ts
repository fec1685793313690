// The sales area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { Deal, ENGAGEMENT_TYPES, type EngagementType, OPEN_STAGES, STAGES } from './deal.ts';
export { DEAL_PREFIX, dealKey, deals } from './entity.ts';
