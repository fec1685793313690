// What the SDK clients take their credentials from in a Lambda bundle (esbuild's alias puts this module in
// place of `@aws-sdk/credential-provider-node`, the default chain): Lambda puts the function's credentials in
// the environment, so the chain's SSO, INI-file, process, web-identity and instance-metadata providers are
// never used there — leaving them out keeps about a third of the SDK out of every bundle.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
