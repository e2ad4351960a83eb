import * as pulumi from "@pulumi/pulumi";

/**
 * The cluster's OIDC issuer URL, as federated identity credentials need it.
 *
 * `issuerURL` is a read-only property AKS fills in once the cluster exists. Under `pulumi preview`
 * azure-native returns a new resource's inputs in output shape with every property the program did not
 * set marked computed, recursing into objects (pulumi/pulumi-azure-native
 * provider/pkg/convert/previewOutputs.go `PreviewOutputs`/`previewOutputValue`; provider.go `Create`
 * with `req.GetPreview()`), so `oidcIssuerProfile.issuerURL` is unknown there, not absent. It must stay
 * unknown on the wire: the former `p?.issuerURL ?? ""` turned an absent URL into a known empty issuer,
 * which the offline preview (which returns the program's inputs, `{ enabled: true }`, as the profile)
 * recorded and policy rule 35 judged "issuer is not set". An absent URL is therefore unknown at preview
 * and an error at `pulumi up`, where an empty issuer would only fail later as an Azure 400 on every
 * federated credential.
 * @param profile the ManagedCluster's `oidcIssuerProfile` output
 */
export function oidcIssuerUrl(profile: pulumi.Output<{ readonly issuerURL?: string } | undefined>): pulumi.Output<string> {
    return profile.apply((p): string => {
        if (p?.issuerURL) return p.issuerURL;
        // pulumi.unknown returned from an apply makes the resulting Output unknown (@pulumi/pulumi
        // output.js: an Output is known only if its value `!containsUnknowns(val)`).
        if (pulumi.runtime.isDryRun()) return pulumi.unknown as unknown as string;
        throw new Error("AKS returned no oidcIssuerProfile.issuerURL although oidcIssuerProfile.enabled is true; the workload-identity federated credentials need the cluster's issuer");
    });
}
