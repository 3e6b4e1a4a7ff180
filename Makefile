# Two commands: `make run` sets up and starts the demo; `make test` runs every check.
# Every recipe finds a JDK 21+ through scripts/java-home.sh (the wrapper does too).
SHELL := /bin/bash
MVNW := ./mvnw -B

.PHONY: run test e2e build create-key tools policy-check policy-publish policy-replay policy-explain policy-fmt proto-lint proto-breaking bench-authz bench-gateway conformance mutation clean

## run: install the toolchain, build, and start authz-service + gateway (Ctrl-C stops both)
run:
	@scripts/run.sh

## test: every check CI runs (proto lint, policy pipeline, unit and integration tests, run smoke
## test, end-to-end suite against the built jars)
test: tools proto-lint proto-breaking
	$(MVNW) verify
	scripts/smoke-run.sh
	scripts/e2e.sh

## e2e: the end-to-end suite alone, against what the last build produced (about 3 minutes)
e2e:
	scripts/e2e.sh

## build: compile and package without tests
build: tools
	$(MVNW) install -DskipTests

## create-key: make a new API key, e.g. make create-key ARGS='--id alice-laptop --model gpt-4o-mini'
## (options: see the README, or ARGS=--help); prints the key once and its key-file entry
create-key:
	@scripts/create-key.sh $(ARGS)

## tools: install the pinned OPA, buf and grpcurl CLIs into .tools/ (idempotent)
tools:
	@scripts/install-tools.sh

## policy-check: format check, strict check, tests with coverage, bundle build into
## target/policies/ (policies only; publishes nothing)
policy-check: tools
	policies/opa-pipeline.sh verify build

## policy-publish: policy-check, then put the checked bundle where the authz-service reads it
## (var/policy/bundle.tar.gz, or POLICY_PUBLISH_TO) in one rename
policy-publish: tools
	policies/opa-pipeline.sh verify build publish

## policy-replay: re-decide logged checks with the working tree's policies and report what flips
## (LOGS="var/log/decisions.log ...", ARGS="--fail-on deny->allow --markdown report.md ...")
policy-replay: tools
	scripts/policy-tool.sh replay $(ARGS) $(LOGS)

## policy-explain: the rules and grants behind one decision (ID=<decision id> LOGS=..., or ARGS="--input FILE")
policy-explain: tools
	scripts/policy-tool.sh explain $(if $(ID),--decision-id $(ID)) $(ARGS) $(LOGS)

## policy-fmt: rewrite the Rego files the way `opa fmt` wants them
policy-fmt: tools
	.tools/bin/opa fmt --write policies/llmgw policies/tooling

## proto-lint: buf lint of the gRPC contract (STANDARD and COMMENTS rules)
proto-lint: tools
	cd proto && ../.tools/bin/buf lint

## proto-breaking: buf breaking of the gRPC contract against the last release's image
## (proto/breaking-baseline.json, a buf image kept in the repository so that any clone, shallow
## or not, can check; write it anew with `buf build -o` when a release is cut)
proto-breaking: tools
	cd proto && ../.tools/bin/buf breaking --against breaking-baseline.json

## bench-authz: JMH benchmarks of the policy engine and of Check over loopback (several minutes)
bench-authz:
	benchmarks/jmh/run.sh

## bench-gateway: chat completions direct to a fixed nginx upstream, via an nginx proxy, via the
## gateway and via LiteLLM's proxy, at 100, 500, 1000, 2000 and 4000/s, streaming and not; then the
## gateway cold, sustained, overloaded and with one of two authz replicas killed (about 35 minutes)
bench-gateway:
	benchmarks/load/gateway-load.sh
	benchmarks/load/gateway-overload.sh

## conformance: OPA's own conformance cases (about 2,400) through the policy engine, compiled by
## OPA's wasm-rego-testgen; rewrites the report in docs/engine-conformance.md (not part of `test`)
conformance:
	scripts/conformance.sh

## mutation: PIT mutation testing of the policy engine's classes (not part of `test`; long: each
## mutant reruns the tests covering it); scores per class in docs/engine-conformance.md, report in
## authz-service/target/pit-reports
mutation: tools
	$(MVNW) -Pmutation -pl authz-service -am verify; status=$$?; \
	  scripts/pit-summary.py authz-service/target/pit-reports/mutations.xml docs/engine-conformance.md; \
	  exit $$status

clean:
	$(MVNW) -q clean
