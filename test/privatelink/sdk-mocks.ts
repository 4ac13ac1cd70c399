/**
 * The AWS SDK clients the governance Lambdas use, mocked with aws-sdk-client-mock for the
 * enclosing mocha suite and restored after it (every test file mocks the same SDK classes,
 * so a suite must not leave its mocks behind).
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SNSClient } from "@aws-sdk/client-sns";
import { AwsStub, mockClient } from "aws-sdk-client-mock";

export interface GovernanceSdkMocks {
    ec2: AwsStub<any, any, any>;
    orgs: AwsStub<any, any, any>;
    sns: AwsStub<any, any, any>;
}

/** Call inside a `describe`: the returned stubs are set in its `before` hook. */
export function mockGovernanceClients(): GovernanceSdkMocks {
    const sdk = {} as GovernanceSdkMocks;
    before(() => {
        sdk.ec2 = mockClient(EC2Client);
        sdk.orgs = mockClient(OrganizationsClient);
        sdk.sns = mockClient(SNSClient);
    });
    after(() => {
        sdk.ec2.restore();
        sdk.orgs.restore();
        sdk.sns.restore();
    });
    return sdk;
}
