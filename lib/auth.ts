// Who may call the API: a Cognito user pool of staff (no self sign-up), its role groups, and the one
// app client that web forms' back offices and scripts sign in through.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Role groups; their names reach handlers in the ID token's `cognito:groups` claim. */
export const USER_GROUPS = {
  admin: 'Manages users, settings and every record',
  sales: 'Works leads, accounts and deals',
  service: 'Works tickets and service requests',
} as const;

export class Users extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus is the tier with threat protection (compromised credentials, adaptive authentication).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What full-function threat protection does, stated rather than left to service defaults.
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) by design so that scripted sign-in with USER_PASSWORD_AUTH (the README fetches an ID token that way) needs no second factor; threat protection blocks sign-ins with compromised credentials and demands MFA on high-risk sign-ins.',
    });

    for (const [groupName, description] of Object.entries(USER_GROUPS)) {
      // Group names are scoped to this pool, not account-wide physical names.
      this.userPool.addGroup(`${groupName[0]?.toUpperCase()}${groupName.slice(1)}Group`, {
        groupName,
        description,
      });
    }

    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // Tokens come from InitiateAuth, not the hosted UI: no OAuth flows, no placeholder callback URLs.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
