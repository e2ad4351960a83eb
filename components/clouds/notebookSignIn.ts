import type { PlatformSpec } from "../spec";
import type { Cloud } from "../spec/nodeClass";

/**
 * How users sign in to the notebooks' JupyterHub on each cloud, and which JupyterHub groups make a
 * user a member of a tenant. Per-cloud differences live here (clouds/), so the notebooks component
 * below the handle stays cloud-blind: it receives a {@link NotebookSignIn} and never reads the cloud.
 *
 * Sources (oauthenticator 17.4.0, commit cf70f25172af0dbfeaefd5f72192727bc0897ab6, the release the
 * jupyterhub chart 4.4.0's hub image installs, images/hub/requirements.txt):
 * - `pyproject.toml` `[project.entry-points."jupyterhub.authenticators"]`: `generic-oauth`, `google`,
 *   `azuread` name the classes; `dummy` is JupyterHub's own.
 * - `oauth2.py`: `client_secret` defaults to the env var `OAUTH_CLIENT_SECRET`; `manage_groups` with
 *   `auth_state_groups_key` ("use periods for nested keys") sets the user's JupyterHub groups from
 *   the auth state at each login; `allowed_groups` admits members of those groups only;
 *   `userdata_from_id_token` reads the user from the ID token (`user_auth_state_key = "oauth_user"`).
 * - `azuread.py`: `auth_state_groups_key` defaults to `user.groups` (the token's `groups` claim, group
 *   object ids); `tenant_id` builds the login.microsoftonline.com URLs.
 * - `google.py`: group membership (`allowed_google_groups`) is read through the Admin SDK
 *   (`_fetch_member_groups`) with the credentials of `_service_client_credentials`, lines 365-369:
 *   `service_account.Credentials.from_service_account_file(self.google_service_account_keys[user_email_domain],
 *   scopes=scopes)` then `.with_subject(<gsuite_administrator>@<domain>)`: a service-account KEY file, the
 *   only credential source it has (no Application Default Credentials, no workload identity). tristack
 *   creates no static keys, so on GCP groups are not looked up: hub admins put users in the tenant groups
 *   (the documented gap, docs/services/notebooks.md).
 * - Amazon Cognito ID tokens carry `cognito:groups` and `cognito:roles`, the IAM role ARNs of the
 *   user's groups: a group's RoleArn "contributes to the cognito:roles and cognito:preferred_role claims
 *   in group members' tokens" (Cognito API CreateGroup/UpdateGroup `RoleArn`; the ID token's claims:
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html),
 *   so a tenant's `members.aws.roleArns` name its JupyterHub groups; Cognito's endpoints are
 *   `/oauth2/authorize`, `/oauth2/token` and `/oauth2/userInfo` under the pool domain
 *   (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html).
 */
export interface NotebookSignIn {
    /** `JupyterHub.authenticator_class` (an entry-point name). */
    readonly authenticatorClass: "generic-oauth" | "google" | "azuread" | "dummy";
    /** `hub.config` sections for the authenticator (traitlets class -> settings). */
    readonly config: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    /** JupyterHub groups that make a user a member of each tenant (keyed by tenant). */
    readonly tenantGroups: Readonly<Record<string, readonly string[]>>;
    /** Where the OAuth client secret is (an existing Secret in the notebooks namespace). */
    readonly clientSecret?: { readonly name: string; readonly key: string };
    /** Whether the identity provider tells the hub a user's groups at login (false: hub admins assign them). */
    readonly groupsFromIdentityProvider: boolean;
    /** Users of the dummy authenticator and the tenants they may use (existing clusters only). */
    readonly dummyUsers?: Readonly<Record<string, readonly string[]>>;
}

const members = (spec: PlatformSpec, pick: (m: NonNullable<PlatformSpec["tenants"][string]["members"]>) => readonly string[] | undefined): Record<string, readonly string[]> =>
    Object.fromEntries(Object.entries(spec.tenants).map(([t, s]) => [t, s.members ? [...(pick(s.members) ?? [])] : []]));

const callback = (spec: PlatformSpec) => `https://${spec.notebooks.hostname ?? "localhost"}/hub/oauth_callback`;
const union = (groups: Record<string, readonly string[]>) => [...new Set(Object.values(groups).flat())].sort();

/** Per cloud: the sign-in of a validated spec (the spec rules made sure the cloud's block is there). */
const SIGN_IN: Readonly<Record<Cloud, (spec: PlatformSpec) => NotebookSignIn>> = {
    aws: (spec) => {
        const a = spec.notebooks.authenticator.aws!;
        const tenantGroups = members(spec, (m) => m.aws?.roleArns);
        return {
            authenticatorClass: "generic-oauth",
            config: {
                GenericOAuthenticator: {
                    client_id: a.clientId,
                    oauth_callback_url: callback(spec),
                    authorize_url: `${a.cognitoDomain}/oauth2/authorize`,
                    token_url: `${a.cognitoDomain}/oauth2/token`,
                    // The ID token only: cognito:roles is an ID-token claim, and OAuthenticator 17.4.0 refuses
                    // userdata_url together with userdata_from_id_token ("Cannot specify both ...",
                    // oauthenticator/oauth2.py _validate_userdata_url), which would stop the hub at start.
                    userdata_from_id_token: true,
                    scope: ["openid", "email", "profile"],
                    username_claim: "email",
                    login_service: "Amazon Cognito",
                    manage_groups: true,
                    auth_state_groups_key: "oauth_user.cognito:roles",
                    allowed_groups: union(tenantGroups),
                },
            },
            tenantGroups,
            clientSecret: spec.notebooks.authenticator.clientSecret!,
            groupsFromIdentityProvider: true,
        };
    },
    gcp: (spec) => {
        const g = spec.notebooks.authenticator.gcp!;
        return {
            authenticatorClass: "google",
            config: {
                GoogleOAuthenticator: {
                    client_id: g.clientId,
                    oauth_callback_url: callback(spec),
                    hosted_domain: [g.hostedDomain],
                    admin_users: [...g.adminUsers],
                    login_service: "Google",
                    // No allowed_google_groups: it needs a service-account key file (google.py). Everyone
                    // in the domain may sign in; the spawner offers only the tenants of their hub groups.
                    allow_all: true,
                    manage_groups: false,
                },
            },
            tenantGroups: members(spec, (m) => (m.gcp ? [m.gcp.groupEmail] : undefined)),
            clientSecret: spec.notebooks.authenticator.clientSecret!,
            groupsFromIdentityProvider: false,
        };
    },
    azure: (spec) => {
        const z = spec.notebooks.authenticator.azure!;
        const tenantGroups = members(spec, (m) => (m.azure ? [m.azure.groupObjectId] : undefined));
        return {
            authenticatorClass: "azuread",
            config: {
                AzureAdOAuthenticator: {
                    client_id: z.clientId,
                    tenant_id: z.tenantId,
                    oauth_callback_url: callback(spec),
                    scope: ["openid", "email", "profile"],
                    username_claim: "preferred_username",
                    login_service: "Microsoft Entra ID",
                    manage_groups: true,
                    auth_state_groups_key: "user.groups",
                    allowed_groups: union(tenantGroups),
                },
            },
            tenantGroups,
            clientSecret: spec.notebooks.authenticator.clientSecret!,
            groupsFromIdentityProvider: true,
        };
    },
    existing: (spec) => {
        const users = spec.notebooks.authenticator.existing?.users ?? {};
        const tenantGroups = members(spec, (m) => (m.existing ? [m.existing.group] : undefined));
        return { authenticatorClass: "dummy", config: { Authenticator: { allowed_users: Object.keys(users).sort() } }, tenantGroups, groupsFromIdentityProvider: false, dummyUsers: users };
    },
};

/**
 * The notebooks' sign-in on the spec's cloud.
 * @param spec the validated spec (notebooks enabled)
 */
export function notebookSignIn(spec: PlatformSpec): NotebookSignIn {
    return SIGN_IN[spec.cloud](spec);
}
