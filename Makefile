# Offline validation of everything under deploy/, the Dockerfile and the CI workflows.
.PHONY: deploy-check test

deploy-check:
	bash scripts/deploy_check_k8s.sh
	bash scripts/deploy_check_tf.sh

test:
	.venv/bin/pytest -n 2
