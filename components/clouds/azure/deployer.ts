import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { PlatformSpec } from "../../spec";
import type { PrincipalType } from "./identity";

/**
 * The claims of an Entra ID access token that tell a user from an application. Microsoft identity
 * platform, "Access token claims reference"
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference): `idtyp` is
 * `app` for app-only tokens and `user` for delegated ones; `scp` (delegated scopes) is present only
 * in tokens issued to a user, app-only tokens (service principals, managed identities, GitHub OIDC
 * federation) carry none.
 */
const TokenClaims = z.object({ idtyp: z.enum(["app", "user"]).optional(), scp: z.string().optional() });

/**
 * The role-assignment principal type of whoever holds this ARM access token.
 * @param token the caller's ARM access token (a JWT)
 */
export function principalTypeFromToken(token: string): Extract<PrincipalType, "User" | "ServicePrincipal"> {
    const payload = token.split(".")[1];
    let claims: z.infer<typeof TokenClaims> | undefined;
    try {
        claims = payload === undefined ? undefined : TokenClaims.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    } catch {
        claims = undefined;
    }
    if (claims === undefined) throw new pulumi.RunError("cannot tell the deployer's principal type from its ARM token; set azure.deployerPrincipalType (User or ServicePrincipal)");
    if (claims.idtyp !== undefined) return claims.idtyp === "app" ? "ServicePrincipal" : "User";
    return claims.scp !== undefined ? "User" : "ServicePrincipal";
}

/** Whoever runs `pulumi up`, as role assignments need it. */
export interface DeployerIdentity {
    /** Entra object id (`getClientConfig().objectId`). */
    readonly objectId: pulumi.Output<string>;
    /** `ServicePrincipal` for CI (OIDC federation, managed identity), `User` for `az login`. */
    readonly principalType: pulumi.Output<Extract<PrincipalType, "User" | "ServicePrincipal">>;
}

/**
 * The deployer's identity: the spec's `azure.deployerPrincipalType` when set, else read from the
 * caller's ARM token, so no assignment for a service principal goes out as `User` (ARM:
 * `UnmatchedPrincipalType`).
 * @param spec the validated spec
 * @param objectId the caller's object id
 * @param opts invoke options (parent, provider)
 */
export function deployerIdentity(spec: PlatformSpec, objectId: pulumi.Output<string>, opts: pulumi.InvokeOutputOptions): DeployerIdentity {
    const fixed = spec.azure?.deployerPrincipalType;
    if (fixed !== undefined) return { objectId, principalType: pulumi.output(fixed) };
    // The token is a credential: only the derived principal type leaves this function.
    const principalType = pulumi.unsecret(authorization.getClientTokenOutput({}, opts).token.apply(principalTypeFromToken));
    return { objectId, principalType };
}
