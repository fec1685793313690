// Where the files uploaded for imports land on AWS: one private bucket, encrypted, TLS only, no public access
// ever; clients PUT straight to it through short-lived pre-signed URLs the API hands out, the import workers
// read it. Uploads are working files: gone after a week.
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ClienteleFunction, nagSpelling } from './function.ts';
import { PRIVATE_BUCKET } from './private-bucket.ts';

/** Days an uploaded file is kept: long enough to import it (and retry), short for personal data. */
export const UPLOAD_RETENTION_DAYS = 7;

export class Uploads extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Kept when the stack goes, as the reports are (an import may be running); the lifecycle rule below
    // still empties it within the week.
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [
        {
          id: 'ExpireUploads',
          prefix: 'uploads/',
          expiration: Duration.days(UPLOAD_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // A browser app PUTs the file from its own page. Any origin may: CORS protects nobody here — the
      // pre-signed URL is the credential (one key, one method, 15 minutes), and a page holding one could as
      // well be any page; the app's origin is not known when the stack is built. The ETag is exposed so the
      // app can tell the import which version it sent.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Written only through pre-signed PUTs the API hands to signed-in admins and read only by the import functions; every signing call is in the API access log and every object call in CloudTrail, so server access logs would add a second bucket and nothing new.',
    });
  }

  /**
   * `sign`: the function hands out pre-signed PUT URLs, which carry its permission to write. `read`: the
   * function reads the files, and may learn that one is missing (without s3:ListBucket S3 answers a missing
   * key with 403, not 404; the bucket holds nothing but uploads). Objects under `uploads/` only.
   */
  bind(target: ClienteleFunction, access: 'sign' | 'read'): void {
    const objects = this.bucket.arnForObjects('uploads/*');
    const actions = access === 'sign' ? ['s3:PutObject'] : ['s3:GetObject'];
    target.fn.addToRolePolicy(new PolicyStatement({ actions, resources: [objects] }));
    if (access === 'read') {
      target.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
      );
    }
    Validations.of(target.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagSpelling(target, objects)}]`,
      reason: `${actions.join(' and ')} on the uploaded files (uploads/*) of the uploads bucket only: one object per upload, named by an id minted when the upload is asked for, not known when the stack is built.`,
    });
    target.fn.addEnvironment('UPLOADS_BUCKET', this.bucket.bucketName);
  }
}
