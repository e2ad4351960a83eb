/**
 * The ONE list of fields allowed to differ between the aws, gcp and azure plans of an environment,
 * each with the reason. Anything else that differs fails `npm run plan -- --parity <env>` and the tests.
 * Object keys look like `<Kind> <namespace>/<name>` (`StorageClass /tristack-fast`) or `pool/<name>`;
 * paths are dotted input paths (`metadata.annotations.x`, `values.controller.resources`).
 */

/** One allowed difference. */
export interface ParityAllowance {
    /** Which objects (matched against the object key). */
    readonly object: RegExp;
    /** Which fields (matched against the dotted path). */
    readonly path: RegExp;
    /** Why this field is per-cloud. */
    readonly reason: string;
}

/** The allow-list. Keep every entry as narrow as the difference it explains. */
export const PARITY_ALLOW_LIST: readonly ParityAllowance[] = [
    {
        object: /^pool\//,
        path: /^instanceType$/,
        reason: "the catalog resolves the neutral shape to each cloud's own instance type",
    },
    {
        object: /^pool\//,
        path: /^allocatable\.(cpuMillis|memoryMiB)$/,
        reason: "allocatable follows each cloud's kubelet reservations (capacity reference §1)",
    },
    {
        object: /^pool\//,
        path: /^taints\[key=kubernetes\.azure\.com\/scalesetpriority\]\./,
        reason: "AKS taints spot nodes itself; the adapter lists that taint in the pool contract so workloads tolerate it",
    },
    {
        object: /^(ConfigMap|Deployment|StatefulSet|Release|SparkConnect) /,
        path: /tolerations\[key=kubernetes\.azure\.com\/scalesetpriority\]\./,
        reason: "workloads tolerate exactly their pool's taints, which include AKS's own spot taint on Azure spot pools",
    },
    {
        object: /^StorageClass \/tristack-(standard|fast)$/,
        path: /^(provisioner|parameters\..+)$/,
        reason: "the CSI driver and its disk type, IOPS and encryption parameters are the cloud's (ClusterHandle.storage)",
    },
    {
        object: /^StorageClassPatch \/[\w-]+$/,
        path: /^\(object\)$/,
        reason: "each cloud ships its own default storage class (gp2, standard-rwo/standard, default/managed-csi); tristack un-defaults whichever exists",
    },
    {
        object: /^Release kube-system\/nvidia-device-plugin$/,
        path: /^\(object\)$/,
        reason: "the NVIDIA device plugin is installed only where the cloud does not run one (ClusterHandle.gpu; GKE runs its own)",
    },
    {
        object: /^Release kube-system\/dcgm-exporter$/,
        path: /^values\.(extraHostVolumes|extraVolumeMounts|extraEnv)\[[^\]]+\]\.\w+$/,
        reason: "GKE's Container-Optimized OS keeps the NVIDIA driver under /home/kubernetes/bin/nvidia, which the DCGM exporter must mount to find NVML (ClusterHandle.gpu.driverHostPath; NVIDIA/dcgm-exporter#484); EKS and AKS images put it on the default library path",
    },
    {
        object: /^(RoleBinding team-[a-z0-9-]+\/tenant-edit|ClusterRoleBinding \/tristack:tenant-cluster-view)$/,
        path: /^subjects\[name=[^\]]+\]\.(apiGroup|kind|name)$/,
        reason: "a tenant's group is the identity its cloud presents (ClusterHandle.tenantAccess): an EKS access-entry group, a GKE Google Group email, an AKS Entra group object id",
    },
    {
        object: /^ServiceAccount /,
        path: /^metadata\.annotations\.(iam\.gke\.io\/gcp-service-account|azure\.workload\.identity\/client-id|eks\.amazonaws\.com\/role-arn)$/,
        reason: "workload identity binding to the object store (ClusterHandle.objectStore.grantAccess); EKS Pod Identity needs no annotation",
    },
    {
        object: /^((ConfigMap|Deployment|StatefulSet) |SparkConnect team-[a-z0-9-]+\/spark-connect$|Release notebooks\/jupyterhub$)/,
        path: /(labels\.azure\.workload\.identity\/use|spark\.kubernetes\.(driver|executor)\.label\.azure\.workload\.identity\/use)$/,
        reason: "Azure workload identity injects tokens only into pods labelled azure.workload.identity/use (ObjectStoreAccess.podLabels)",
    },
    {
        object: /^ConfigMap /,
        path: />spark\.(hadoop\..+|eventLog\.dir|history\.fs\.logDirectory)$/,
        reason: "the object store's URI scheme (s3a/gs/abfss) and its filesystem connector settings come from ClusterHandle.objectStore",
    },
    {
        object: /^ConfigMap /,
        path: />spark\.(executor\.(cores|memory|memoryOverhead)|kubernetes\.executor\.request\.cores|task\.resource\.gpu\.amount)$/,
        reason: "the default executor shape is sized from each cloud's allocatable (CPU executors pack >= 95%; a GPU executor's tasks share the GPU by the node's cores)",
    },
    {
        object: /^ConfigMap /,
        path: />spec\.sparkConf\.spark\.(hadoop\..+|eventLog\.dir|task\.resource\.gpu\.amount)$/,
        reason: "the SparkApplication the Spark defaults carry (sparkapplication.json) holds the same per-cloud settings in sparkConf: the object store's URI scheme and connector settings (ClusterHandle.objectStore) and the GPU task share by the node's cores",
    },
    {
        object: /^ConfigMap /,
        path: />spec\.executor\.(cores|coreRequest|memory|memoryOverhead)$/,
        reason: "the default executor shape of the SparkApplication the Spark defaults carry is sized from each cloud's allocatable, as in spark-defaults.conf",
    },
    {
        object: /^ConfigMap [\w-]+\/spark-defaults-gpu$/,
        path: />(spark\.dynamicAllocation\.maxExecutors|spec\.dynamicAllocation\.maxExecutors)$/,
        reason: "the GPU profile allows no more executors than the GPU pool holds (one per GPU × its maximum nodes), and GPUs per node are the cloud instance type's",
    },
    {
        object: /^ConfigMap /,
        path: />spark\.kubernetes\.executor\.volumes\.hostPath\.spark-local-dir-1\.options\.path$/,
        reason: "local NVMe is mounted where each cloud puts it (PoolHandle.localScratch.hostPath)",
    },
    {
        object: /^KafkaNodePool kafka\/brokers$/,
        path: /^spec\.(resources\.(requests|limits)\.(cpu|memory)|jvmOptions\.-Xm[sx])$/,
        reason: "brokers are sized from each cloud's data-node allocatable (one broker fills a node)",
    },
    {
        object: /^Kafka kafka\//,
        path: /^spec\.kafka\.listeners\[name=external\]\.configuration\.(bootstrap\.annotations|perBrokerAnnotationsTemplate)\./,
        reason: "each cloud's service controller has its own annotations for an internal load balancer (catalog internalLoadBalancer)",
    },
    {
        object: /^K8ssandraCluster cassandra\//,
        path: /^spec\.(cassandra\.(resources\.(requests|limits)\.(cpu|memory)|datacenters\[\d+\]\.(resources\.(requests|limits)\.(cpu|memory)|config\.jvmOptions\..+))|medusa\.(container|initContainer)Resources\.(requests|limits)\.(cpu|memory))$/,
        reason: "Cassandra pods are sized from each cloud's data-node allocatable (one pod fills a node)",
    },
    {
        object: /^K8ssandraCluster cassandra\//,
        path: /\.racks\[name=[^\]]+\]\./,
        reason: "one rack per zone: rack names and zone affinity are the cloud's zones",
    },
    {
        object: /^K8ssandraCluster cassandra\//,
        path: /^spec\.medusa\.storageProperties\./,
        reason: "backups go to the cloud's object store with the narrowest credential it allows (ClusterHandle.objectStore.backupStorage)",
    },
    {
        object: /^Secret cassandra\/[\w-]+-medusa-storage$/,
        path: /^\(object\)$/,
        reason: "only clouds where Medusa cannot use workload identity need a credentials Secret (GCS key, Azure backup account key)",
    },
    {
        object: /^Release notebooks\/jupyterhub$/,
        path: /^values\.hub\.config\.((GenericOAuthenticator|GoogleOAuthenticator|AzureAdOAuthenticator)\..+|JupyterHub\.authenticator_class)$/,
        reason: "notebook users sign in through their cloud's identity provider (Cognito, Google, Entra ID), each with its own OAuthenticator class and settings (components/clouds/notebookSignIn.ts)",
    },
    {
        object: /^Release notebooks\/jupyterhub$/,
        path: /^values\.custom\.tristack\.tenants\[name=[^\]]+\]\.groups\[\d+\]$/,
        reason: "a tenant's notebook group is its members' identity on the cloud (Cognito group role ARN, Google Group email, Entra group object id), as for its RBAC",
    },
    {
        object: /^Release notebooks\/jupyterhub$/,
        path: /^values\.custom\.tristack\.tenants\[name=[^\]]+\]\.profiles\[\d+\]\.(display_name|kubespawner_override\.(cpu_guarantee|mem_guarantee|mem_limit))$/,
        reason: "notebook profiles are sized from each cloud's allocatable on the notebook and GPU pools (components/data/notebooks/profiles.ts)",
    },
    {
        object: /^Release notebooks\/jupyterhub$/,
        path: /^values\.proxy\.service\.annotations\./,
        reason: "each cloud's service controller has its own annotations for an internal load balancer (catalog internalLoadBalancer)",
    },
    {
        object: /^SparkConnect team-[a-z0-9-]+\/spark-connect$/,
        path: /^spec\.sparkConf\.spark\.(hadoop\..+|eventLog\.dir)$/,
        reason: "a tenant's Spark Connect writes to the cloud's object store under its prefix: URI scheme and connector settings come from ClusterHandle.objectStore, as in its spark-defaults",
    },
    {
        object: /^SparkConnect team-[a-z0-9-]+\/spark-connect$/,
        path: /^spec\.(sparkConf\.spark\.(executor\.(cores|memory|memoryOverhead)|kubernetes\.executor\.request\.cores)|executor\.(cores|memory)|dynamicAllocation\.maxExecutors)$/,
        reason: "Spark Connect executors take the tenant's executor shape, sized from each cloud's allocatable, and as many as the tenant quota holds of that shape",
    },
    {
        object: /^NetworkPolicy [\w-]+\/allow-(https-egress|webhooks|webhooks-yunikorn)$/,
        path: /^spec\.(egress|ingress)\[\d+\]\.(to|from)\[\d+\]\./,
        reason: "peers follow each CNI's NetworkPolicy semantics (ClusterHandle.network): the pod range an ipBlock excludes (EKS pods take VPC addresses), and where webhook calls come from (EKS control-plane ENIs; konnectivity-agent pods on AKS and GKE, labelled differently)",
    },
    {
        object: /^NetworkPolicy [\w-]+\/allow-identity-endpoints$/,
        path: /^(\(object\)|spec\.egress\[\d+\]\..+)$/,
        reason: "only the node-local endpoints each cloud's workload identity needs (EKS Pod Identity agent, GKE metadata server; none on AKS), so the instance metadata service stays closed elsewhere",
    },
];
