"""`make audit`, second half: pip-audit over the project's environment, saying plainly whether
it could audit anything.

pip-audit asks a vulnerability service (PyPI's JSON API by default) about every installed
package. When that service cannot be reached, or answers "not found" for every package (a
mirror without the per-release API), pip-audit still prints "No known vulnerabilities found":
this script says "NOT AUDITED" instead and exits 0, so a machine without the service does not
fail the build. Found vulnerabilities exit 1.
"""

import json

# bandit: pip-audit from this virtualenv, no shell.
import subprocess  # nosec B404
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    command = [str(PIP_AUDIT), "--skip-editable", "--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("pip-audit: NOT AUDITED: its vulnerability service could not be reached.")
        lines = (result.stderr or result.stdout).strip().splitlines()
        if lines:
            print(f"  {lines[-1]}")
        return 0
    packages = report.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    vulnerable = [p for p in audited if p.get("vulns")]
    if not audited:
        print(
            f"pip-audit: NOT AUDITED: the vulnerability service knew none of the {len(packages)} "
            "installed packages (unreachable, or a package mirror without PyPI's per-release "
            "API). Run `make audit` where PyPI itself is reachable."
        )
        return 0
    skipped = len(packages) - len(audited)
    print(f"pip-audit: {len(audited)} packages audited, {skipped} skipped.")
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"  {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    print("pip-audit: no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
