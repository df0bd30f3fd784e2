# Sourced by scripts/test and scripts/demo: makes .venv with the pinned
# AWS CLI and moto, once, and again whenever the pins change.
venv_ready() {
    if [ -x .venv/bin/moto_server ] && [ -x .venv/bin/aws ] &&
        cmp -s scripts/requirements-test.txt .venv/requirements-test.txt; then
        return 0
    fi
    echo "Setting up .venv (AWS CLI and moto from PyPI)..." >&2
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
    cp scripts/requirements-test.txt .venv/requirements-test.txt
}
