// The forms area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).

export { domainClaimItem, domainClaimKey, forms, submissionKey, submissions } from './entity.ts';
export { Form, Submission } from './form.ts';
export { parseFormBody } from './form-body.ts';
export { companyDomainOf } from './mail-domains.ts';
