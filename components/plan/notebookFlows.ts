import { HUB_PORTS, NOTEBOOK_POD_LABEL, SINGLEUSER_PORT, SPARK_CONNECT_PORT } from "../data/notebooks/hub";
import { SPARK_CONNECT_NAME } from "../data/notebooks/sparkConnect";
import type { Destination, Flow, PodEnd, ServiceEnd, Source } from "./connectivity";

/**
 * The notebooks' rows of the connectivity table (issue 26): users -> proxy, hub/proxy <-> each
 * tenant's servers, notebook -> its tenant's Spark Connect Service on 15002, the Connect server <->
 * its executors, and nothing across tenants (a notebook to another tenant's Spark Connect or server).
 * Pod labels are the ones the chart and the operator put on the pods: the chart's `component` and
 * `release` (jupyterhub `jupyterhub.matchLabels`), spark-operator v2.5.2's server selector
 * (`internal/controller/sparkconnect/util.go` `GetServerSelectorLabels`: `spark-role: connect-server`,
 * `sparkoperator.k8s.io/connect-name`) and executor labels (`spark-role: executor`).
 */

const pod = (namespace: string, what: string, labels: Readonly<Record<string, string>> = {}): PodEnd => ({ kind: "pod", namespace, labels, what });
/** A user's workstation behind the internal load balancer (TEST-NET-1, RFC 5737). */
const USER_ADDRESS = "192.0.2.50";

/**
 * The notebook flows.
 * @param hubNamespace `notebooks`
 * @param tenants tenant namespaces
 * @param serviceIp the representative ClusterIP of the n-th address of the Service range
 */
export function notebookFlows(hubNamespace: string, tenants: readonly string[], serviceIp: (nth: number) => string): Flow[] {
    const flows: Flow[] = [];
    const add = (expect: Flow["expect"], group: string, from: Source, to: Destination, port: number) => flows.push({ expect, group, from, to, port, protocol: "TCP" });
    const group = "notebooks: users -> proxy, hub <-> servers, notebook -> Spark Connect <-> executors";
    const cross = "tenant -/-> other tenant";
    const hub = pod(hubNamespace, "JupyterHub hub", { component: "hub", release: "jupyterhub", app: "jupyterhub" });
    const proxy = pod(hubNamespace, "JupyterHub proxy", { component: "proxy", release: "jupyterhub", app: "jupyterhub" });
    add("required", group, { kind: "address", ip: USER_ADDRESS, what: "user (internal load balancer)" }, proxy, HUB_PORTS.proxyHttps);
    const server = (ns: string) => pod(ns, `notebook server in ${ns}`, { ...NOTEBOOK_POD_LABEL, "tristack.io/tenant": ns });
    const connectLabels = { "spark-role": "connect-server", "sparkoperator.k8s.io/connect-name": SPARK_CONNECT_NAME, "sparkoperator.k8s.io/launched-by-spark-operator": "true" };
    const connect = (ns: string, nth: number): ServiceEnd => ({ kind: "service", namespace: ns, clusterIp: serviceIp(nth), selector: connectLabels, port: SPARK_CONNECT_PORT, backend: pod(ns, `Spark Connect server in ${ns}`, connectLabels), what: `${SPARK_CONNECT_NAME}-server.${ns} Service` });
    tenants.forEach((ns, i) => {
        add("required", group, hub, server(ns), SINGLEUSER_PORT);
        add("required", group, proxy, server(ns), SINGLEUSER_PORT);
        add("required", group, server(ns), hub, HUB_PORTS.hub);
        add("required", group, server(ns), connect(ns, 40 + i), SPARK_CONNECT_PORT);
        const executor = pod(ns, `Spark Connect executor in ${ns}`, { "spark-role": "executor", "sparkoperator.k8s.io/connect-name": SPARK_CONNECT_NAME });
        add("required", group, pod(ns, `Spark Connect server in ${ns}`, connectLabels), executor, 7079);
        add("required", group, executor, pod(ns, `Spark Connect server in ${ns}`, connectLabels), 7078);
        add("forbidden", group, pod(ns, `tenant pod in ${ns}`), hub, HUB_PORTS.hub);
        tenants.forEach((other, j) => {
            if (other === ns) return;
            add("forbidden", cross, server(ns), connect(other, 40 + j), SPARK_CONNECT_PORT);
            add("forbidden", cross, server(ns), server(other), SINGLEUSER_PORT);
        });
    });
    return flows;
}
