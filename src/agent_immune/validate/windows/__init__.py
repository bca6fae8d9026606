"""Windows code an agent runs from WSL or a Windows shell: PowerShell read with its own grammar (pwsh.py), the
commands it runs judged as what they do."""
