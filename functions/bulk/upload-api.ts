// The answer of POST /uploads: where, how and until when the client PUTs its file.
import { Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const UploadTargetAnswer = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      url: z.string().check(
        z.meta({
          description:
            "Where to PUT the file: a pre-signed S3 URL on AWS, the local runtime's own signed URL on a laptop.",
        }),
      ),
      method: z.literal('PUT'),
      headers: z
        .record(z.string(), z.string())
        .check(
          z.meta({ description: 'Headers the PUT must carry exactly as given (Content-Type: text/csv).' }),
        ),
      expiresAt: z.iso.datetime().check(z.meta({ description: 'The URL works until then (15 minutes).' })),
    })
    .check(z.meta({ id: 'UploadTarget' })))();
