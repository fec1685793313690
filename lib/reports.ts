// Where the report files (CSV, HTML) live on AWS: one private bucket, encrypted, TLS only, no public access
// ever; files are read through short-lived pre-signed links the API hands out. Kept when the stack goes.
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ClienteleFunction, nagSpelling } from './function.ts';
import { PRIVATE_BUCKET } from './private-bucket.ts';

export class Reports extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      versioned: true,
      // A remade report replaces its files; the replaced versions go after a while.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the report job writes and only the API (through pre-signed GETs it hands to signed-in users) reads; every call is already in CloudTrail and the API access log, so server access logs would add a second bucket and nothing new.',
    });
  }

  /**
   * The report job writes files; the API reads them (and signs links to them, which carry its permission).
   * Objects under `reports/` only, and nothing about the bucket itself.
   */
  bind(target: ClienteleFunction, access: 'read' | 'write'): void {
    const objects = this.bucket.arnForObjects('reports/*');
    const actions = access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
    target.fn.addToRolePolicy(new PolicyStatement({ actions, resources: [objects] }));
    Validations.of(target.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagSpelling(target, objects)}]`,
      reason: `${actions.join(' and ')} on the report files (reports/*) of the reports bucket only: one object per report file, named by the report, not known when the stack is built.`,
    });
    target.fn.addEnvironment('REPORTS_BUCKET', this.bucket.bucketName);
  }
}
