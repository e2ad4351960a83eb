import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";

/** The exec credential plugin for Entra ID clusters (`az aks install-cli` installs it). */
export const KUBELOGIN = "kubelogin";
/** The application id of the AKS AAD server (the same in every tenant), kubelogin's `--server-id`. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

interface KubeconfigUser {
    name?: string;
    user?: { exec?: Record<string, unknown> } & Record<string, unknown>;
}

function readServerId(args: unknown): string {
    if (!Array.isArray(args)) return AKS_AAD_SERVER_ID;
    const i = args.indexOf("--server-id");
    const value: unknown = i >= 0 ? args[i + 1] : undefined;
    return typeof value === "string" && value !== "" ? value : AKS_AAD_SERVER_ID;
}

/**
 * Decode the user kubeconfig AKS returns (`listManagedClusterUserCredentials`, base64) and point its
 * users at `kubelogin get-token --login azurecli`, as `kubelogin convert-kubeconfig -l azurecli`
 * does: the token comes from the Azure CLI session that runs `pulumi up` (`az login`), so the
 * kubeconfig holds no credential. The legacy `auth-provider: azure` form is replaced the same way.
 * @param base64Kubeconfig the `value` of `kubeconfigs[0]`
 */
export function toAzureCliKubeconfig(base64Kubeconfig: string): string {
    const text = Buffer.from(base64Kubeconfig, "base64").toString("utf8");
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (err) {
        throw new pulumi.RunError(`AKS returned a kubeconfig that is not YAML: ${String(err)}`);
    }
    if (doc === null || typeof doc !== "object" || !Array.isArray((doc as { users?: unknown }).users)) {
        throw new pulumi.RunError("AKS returned a kubeconfig without users");
    }
    const config = doc as { users: KubeconfigUser[] } & Record<string, unknown>;
    for (const entry of config.users) {
        const user = entry.user ?? {};
        const authProvider = user["auth-provider"] as { config?: Record<string, unknown> } | undefined;
        const serverId = user.exec ? readServerId(user.exec["args"]) : typeof authProvider?.config?.["apiserver-id"] === "string" ? String(authProvider.config["apiserver-id"]) : undefined;
        if (serverId === undefined) continue; // a client-certificate user (local accounts): left as is
        delete user["auth-provider"];
        user.exec = {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: KUBELOGIN,
            args: ["get-token", "--login", "azurecli", "--server-id", serverId],
            env: null,
            installHint: "Install kubelogin: az aks install-cli (see docs/clouds/azure.md).",
            interactiveMode: "IfAvailable",
            provideClusterInfo: false,
        };
        entry.user = user;
    }
    return stringify(config);
}
