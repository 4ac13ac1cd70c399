/**
 * The landing-zone CrossGuard policy pack. Self-contained: it imports nothing from the
 * program, so `pulumi policy publish` ships it alone. Configure it per environment with the
 * JSON `npm run policy-config` prints (see README, "Policy pack").
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("landing-zone", {
    description: "Endpoint, PrivateLink, network and data-perimeter rules of the landing zone, enforced at preview time.",
    displayName: "landing-zone",
    provider: "aws",
    tags: ["aws", "network", "privatelink", "data-perimeter"],
    // Rules set their own levels (security rules mandatory); this covers any that would not.
    enforcementLevel: "advisory",
    policies,
});
