/** IAM policy document types shared by every generator and check. */
export type StringOrList = string | string[];

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, StringOrList>;
    NotPrincipal?: Record<string, StringOrList>;
    Action?: StringOrList;
    NotAction?: StringOrList;
    Resource?: StringOrList;
    NotResource?: StringOrList;
    Condition?: Record<string, Record<string, StringOrList | boolean>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}
