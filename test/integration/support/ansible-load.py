# Loads a playbook with Ansible's own YAML loader (the one ansible-playbook uses, which knows !unsafe) and prints it
# as JSON, marking each string Ansible will never template as {"unsafe": "..."}.
import json
import sys

from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.utils.unsafe_proxy import AnsibleUnsafe


def plain(value):
    if isinstance(value, AnsibleUnsafe):
        return {"unsafe": str(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


with open(sys.argv[1], encoding="utf-8") as stream:
    print(json.dumps(plain(AnsibleLoader(stream).get_single_data())))
