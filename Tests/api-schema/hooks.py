"""Schemathesis checks of our own, loaded through SCHEMATHESIS_HOOKS.

The server answers a request that fits the schemas with 400 (query) or 422 (body) only for a rule the schemas cannot
say, and every such rule is declared next to its route: the OpenAPI document lists them per operation under
`x-rules` (and in the operation's description). `positive_data_acceptance` is told to let 400 and 422 through
(schemathesis.toml); this check then refuses every one of them that names a field no declared rule covers, so a
schema looser than the server still fails the run.
"""

import schemathesis


def _declared_fields(case):
    rules = case.operation.definition.raw.get("x-rules") or []
    return {field for rule in rules for field in rule.get("fields", [])}


@schemathesis.check
def refusals_follow_declared_rules(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code not in (400, 422):
        return None
    try:
        fields = response.json()["error"]["fields"]
    except Exception:
        fields = {}
    named = {name.split(".")[0] for name in fields}
    undeclared = sorted(named - _declared_fields(case)) if named else ["(no field named)"]
    if undeclared:
        raise AssertionError(
            f"A request that fits the schemas was refused with {response.status_code} for "
            f"{', '.join(undeclared)}, which no rule of the operation declares: {fields}"
        )
    return None
