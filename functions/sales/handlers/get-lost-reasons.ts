// GET /lost-reasons → 200 + ETag: the list a deal's lost reason is one of (version 0: the default list).
import { httpHandler, versioned } from '../../platform/http.ts';
import { getLostReasons } from '../lost-reason-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getLostReasons, async () => versioned(200, await getLostReasons()));
