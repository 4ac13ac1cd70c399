/**
 * Review (review-s3), held out: endpoints-vpc-endpoint-service-allowed with `regions` and
 * `acceptWorkloadServiceEndpoints`, judged against AWS's PrivateLink rules. Expectations from
 * AWS, written before reading the rule:
 *  - "Endpoints are supported within the same Region only" unless cross-Region PrivateLink
 *    (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-limitations.html ... and
 *    https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html:
 *    only S3, IAM, ECR, KMS, ECS, Lambda, Firehose, Flink, Route 53, with `service_region`).
 *  - The endpoint's Region is its own (`region`, the AWS provider v7's resource-level Region, or
 *    its provider's). "Same-Region" means the service's Region equals the ENDPOINT's Region, not
 *    "any hub Region of the environment".
 * The README (policypacks/landing-zone/README.md, "Regions") documents the rule's reading: an
 * endpoint to com.amazonaws.<r>.<service> counts as same-Region when <r> is in `regions`.
 */
import { strict as assert } from "assert";
import { T } from "../../policypacks/landing-zone/lib/types";
import { endpointsVpcEndpointServiceAllowed as rule } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-service-allowed";
import { config, endpointSecurityGroup, gatewayEndpoint, interfaceEndpoint, region } from "./fixtures";
import { StackFixture, UNKNOWN, mandatory, runStack } from "./harness";

const SECOND = "eu-west-1";

describe("review-s3: endpoint-service-allowed judges the endpoint's own Region (held out)", () => {
    const accepting = { ...config, acceptWorkloadServiceEndpoints: true, regions: [region, SECOND] };
    const vpc: StackFixture = { type: T.vpc, name: "vpc", props: { cidrBlock: "10.9.0.0/16" } };
    const group: StackFixture = { type: T.securityGroup, name: "sg", props: endpointSecurityGroup([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.9.0.0/16"] }]) };
    const ep = (serviceName: string, extra: Record<string, unknown> = {}): StackFixture => ({
        type: T.vpcEndpoint,
        name: "ep",
        props: interfaceEndpoint({ serviceName, privateDnsEnabled: false, vpcId: UNKNOWN, securityGroupIds: [UNKNOWN], ...extra }),
        deps: { vpcId: ["vpc"], securityGroupIds: ["sg"] },
    });

    it("control: an endpoint whose region is the second hub Region, to that Region's SQS, passes", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(`com.amazonaws.${SECOND}.sqs`, { region: SECOND })], accepting), []);
    });

    it("control: an endpoint in a Region without a hub is not accepted (documented: stricter)", async () => {
        assert.equal(mandatory(await runStack(rule, [vpc, group, ep("com.amazonaws.ap-southeast-2.sqs", { region: "ap-southeast-2" })], accepting)).length, 1);
    });

    it("an endpoint in the home Region (region: us-east-1) to the second hub Region's SQS is refused: not the same Region, and SQS has no cross-Region PrivateLink", async () => {
        const r = mandatory(await runStack(rule, [vpc, group, ep(`com.amazonaws.${SECOND}.sqs`, { region })], accepting));
        assert.equal(r.length, 1, "accepted as same-Region although the endpoint is in us-east-1");
    });

    it("an endpoint in the second hub Region (region: eu-west-1) to the home Region's SQS is refused", async () => {
        const r = mandatory(await runStack(rule, [vpc, group, ep(`com.amazonaws.${region}.sqs`, { region: SECOND })], accepting));
        assert.equal(r.length, 1, "accepted as same-Region although the endpoint is in eu-west-1");
    });

    it("a cross-Region PrivateLink endpoint (serviceRegion) to another hub Region's KMS is not a same-Region workload endpoint", async () => {
        const r = mandatory(await runStack(rule, [vpc, group, ep(`com.amazonaws.${SECOND}.kms`, { region, serviceRegion: SECOND })], accepting));
        assert.equal(r.length, 1, "accepted under acceptWorkloadServiceEndpoints, which the README scopes to same-Region AWS services");
    });
    it("a gateway endpoint in the home Region (region: us-east-1) to the second hub Region's S3 is refused (gateway endpoints: same Region only)", async () => {
        const gw: StackFixture = { type: T.vpcEndpoint, name: "gw", props: gatewayEndpoint({ serviceName: `com.amazonaws.${SECOND}.s3`, region, vpcId: UNKNOWN }), deps: { vpcId: ["vpc"] } };
        const control: StackFixture = { ...gw, props: gatewayEndpoint({ serviceName: `com.amazonaws.${region}.s3`, region, vpcId: UNKNOWN }) };
        assert.deepEqual(mandatory(await runStack(rule, [vpc, control], accepting)), [], "control: the same Region's S3");
        assert.equal(mandatory(await runStack(rule, [vpc, gw], accepting)).length, 1, "accepted as same-Region although the endpoint is in us-east-1");
    });
});
